"""The placements' blueprint; its views attach to it."""

from flask import Blueprint

bp = Blueprint("placements", __name__, url_prefix="/placements")
