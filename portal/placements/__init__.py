"""Placements in both directions: a trainee to studies, a student to a workshop period."""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

from portal.core import navigation
from portal.core.navigation import NavItem

bp = Blueprint("placements", __name__, url_prefix="/placements")

from portal.placements import (  # noqa: E402,F401
    activity_views,
    agreement_views,
    step_views,
    views,
)


def init_app(app: Flask) -> None:
    from portal.placements import policy  # noqa: F401
    from portal.placements.service import takes_part

    app.register_blueprint(bp)
    navigation.add(
        NavItem("placements.index", _l("Placements"), 20, takes_part, section="placements.")
    )
