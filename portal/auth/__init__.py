"""Accounts: signing in, passwords, invitations, and the administrator's account management."""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

from portal.core import navigation
from portal.core.navigation import NavItem

bp = Blueprint("auth", __name__, url_prefix="/auth")
admin_bp = Blueprint("accounts", __name__, url_prefix="/admin/accounts")

from portal.auth import admin, views  # noqa: E402,F401


def init_app(app: Flask) -> None:
    from portal.auth import policy  # noqa: F401  (registers who sees which accounts)

    app.register_blueprint(bp)
    app.register_blueprint(admin_bp)
    navigation.add(
        NavItem("accounts.index", _l("Accounts"), 100, lambda u: u.is_admin, section="accounts.")
    )
