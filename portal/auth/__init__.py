"""Accounts: signing in, passwords, invitations, and the administrator's account management."""

from flask import Flask
from flask_babel import lazy_gettext as _l

from portal.core import navigation
from portal.core.navigation import NavItem


def init_app(app: Flask) -> None:
    # The views attach their routes to the blueprints; the policy says who sees which accounts.
    from portal.auth import (  # noqa: F401
        admin,
        confirm_views,
        freshness,
        policy,
        second_step,
        session_views,
        views,
    )
    from portal.auth.blueprint import admin_bp, bp

    freshness.init_app(app)
    # Two-step verification adds its routes, the reset among the administrator's, first.
    second_step.init_app(app)
    app.register_blueprint(bp)
    app.register_blueprint(admin_bp)
    navigation.add(
        NavItem("accounts.index", _l("Accounts"), 100, lambda u: u.is_admin, section="accounts.")
    )
