"""Parties, their units and coordinators, the agreement and its signatures; the directory."""

from flask import Flask
from flask_babel import lazy_gettext as _l

from portal.core import navigation
from portal.core.navigation import NavItem


def init_app(app: Flask) -> None:
    from portal.parties import admin, policy, views  # noqa: F401  (attach to the blueprint)
    from portal.parties.blueprint import bp

    app.register_blueprint(bp)
    navigation.add(NavItem("parties.directory", _l("Directory"), 80, section="parties.detail"))
    navigation.add(NavItem("parties.agreement", _l("Agreement"), 90))
