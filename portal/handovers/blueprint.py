"""The hand-overs' blueprint: its pages sit under the placement they belong to."""

from flask import Blueprint

bp = Blueprint("handovers", __name__, url_prefix="/placements")
