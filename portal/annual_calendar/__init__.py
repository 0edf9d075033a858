"""The shared annual calendar (vuosikello): meetings, staff exchanges, trainings and visits."""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

from portal.core import navigation
from portal.core.navigation import NavItem

bp = Blueprint("annual_calendar", __name__, url_prefix="/calendar")

from portal.annual_calendar import event_views, feed_views, formatting, views  # noqa: E402,F401


def init_app(app: Flask) -> None:
    from portal.annual_calendar import policy  # noqa: F401

    app.register_blueprint(bp)
    navigation.add(
        NavItem("annual_calendar.wheel_view", _l("Annual calendar"), 60, section="annual_calendar.")
    )
