"""The learning-environment catalogue: which workshop unit can teach which qualification units."""

from flask import Flask
from flask_babel import lazy_gettext as _l

from portal.core import navigation
from portal.core.navigation import NavItem


def init_app(app: Flask) -> None:
    from portal.catalogue import cli, policy, service, views  # noqa: F401  (attach to the blueprint)
    from portal.catalogue.blueprint import bp
    from portal.parties import extension_points as parties

    parties.unit_saved.connect(service.unit_saved)

    app.register_blueprint(bp)
    navigation.add(
        NavItem("catalogue.index", _l("Learning environments"), 70, section="catalogue.")
    )
