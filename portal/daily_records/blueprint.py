"""The daily records' blueprint; its views attach to it."""

from flask import Blueprint

bp = Blueprint("daily_records", __name__, url_prefix="/daily-records")
