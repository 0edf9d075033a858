"""Accounts: signing in, passwords, invitations, and the administrator's account management."""

from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/auth")
admin_bp = Blueprint("accounts", __name__, url_prefix="/admin/accounts")

from portal.auth import admin, views  # noqa: E402,F401
