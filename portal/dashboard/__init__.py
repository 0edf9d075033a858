"""The front page of a signed-in user."""

from importlib import import_module

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

from portal.core import navigation
from portal.core.navigation import NavItem

bp = Blueprint("dashboard", __name__)

# The modules that give the front page its items, each in its own feature's package; each
# registers its functions with portal.dashboard.sections.source. A feature that adds items
# (such as quota places, in portal.quotas.dashboard) lists its module here.
SOURCES = (
    "portal.placements.dashboard",
    "portal.documents.dashboard",
    "portal.annual_calendar.dashboard",
    "portal.quotas.dashboard",
)

from portal.dashboard import views  # noqa: E402,F401


def init_app(app: Flask) -> None:
    from portal.dashboard import models  # noqa: F401

    for name in SOURCES:
        import_module(name)
    app.register_blueprint(bp)
    navigation.add(NavItem("dashboard.index", _l("Front page"), 0))
