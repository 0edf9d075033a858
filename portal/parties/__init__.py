"""Parties, their units and coordinators, the agreement and its signatures; the directory."""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

from portal.core import navigation
from portal.core.navigation import NavItem

bp = Blueprint("parties", __name__)

from portal.parties import admin, views  # noqa: E402,F401


def init_app(app: Flask) -> None:
    from portal.parties import policy  # noqa: F401

    app.register_blueprint(bp)
    navigation.add(NavItem("parties.directory", _l("Directory"), 80, section="parties.detail"))
    navigation.add(NavItem("parties.agreement", _l("Agreement"), 90))
