"""The front page of a signed-in user."""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

from portal.core import navigation
from portal.core.navigation import NavItem

bp = Blueprint("dashboard", __name__)

from portal.dashboard import views  # noqa: E402,F401


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    navigation.add(NavItem("dashboard.index", _l("Front page"), 0))
