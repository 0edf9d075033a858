"""The outbox's blueprint: the administrator's pages and the `flask outbox …` commands."""

from flask import Blueprint

bp = Blueprint("outbox", __name__, url_prefix="/admin/outbox")
