"""The quota places' blueprint; its views and commands attach to it."""

from flask import Blueprint

bp = Blueprint("quotas", __name__, url_prefix="/quotas")
