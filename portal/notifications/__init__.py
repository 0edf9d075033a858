"""In-app notifications: what happened that a user should know about."""

from flask import Blueprint

bp = Blueprint("notifications", __name__, url_prefix="/notifications")

from portal.notifications import views  # noqa: E402,F401
