"""Placements in both directions: a trainee to studies, a student to a workshop period."""

from flask import Blueprint

bp = Blueprint("placements", __name__, url_prefix="/placements")

from portal.placements import (  # noqa: E402,F401
    activity_views,
    agreement_views,
    step_views,
    views,
)
