"""The outbox: e-mail queued in the transaction of the change that causes it, sent by a worker."""

from flask import Blueprint

bp = Blueprint("outbox", __name__, url_prefix="/admin/outbox")

from portal.outbox import admin, cli  # noqa: E402,F401
