"""In-app notifications: what happened that a user should know about."""

from flask import Blueprint, Flask

bp = Blueprint("notifications", __name__, url_prefix="/notifications")

from portal.notifications import views  # noqa: E402,F401


def init_app(app: Flask) -> None:
    from portal.notifications import policy  # noqa: F401

    app.register_blueprint(bp)
