"""The learning-environment catalogue: which workshop unit can teach which qualification units."""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

from portal.core import navigation
from portal.core.navigation import NavItem

bp = Blueprint("catalogue", __name__, url_prefix="/catalogue")

from portal.catalogue import cli, views  # noqa: E402,F401


def init_app(app: Flask) -> None:
    from portal.catalogue import policy  # noqa: F401

    app.register_blueprint(bp)
    navigation.add(
        NavItem("catalogue.index", _l("Learning environments"), 70, section="catalogue.")
    )
