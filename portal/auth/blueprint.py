"""The accounts' blueprints: signing in (``auth``) and the administrator's pages (``accounts``)."""

from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/auth")
admin_bp = Blueprint("accounts", __name__, url_prefix="/admin/accounts")
