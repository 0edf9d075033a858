"""The shared annual calendar (vuosikello): meetings, staff exchanges, trainings and visits."""

from flask import Blueprint

bp = Blueprint("annual_calendar", __name__, url_prefix="/calendar")

from portal.annual_calendar import event_views, feed_views, formatting, views  # noqa: E402,F401
