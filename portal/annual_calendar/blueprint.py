"""The annual calendar's blueprint; its views, feeds and commands attach to it."""

from flask import Blueprint

# Its commands are `flask --app portal calendar …`.
bp = Blueprint("annual_calendar", __name__, url_prefix="/calendar", cli_group="calendar")
