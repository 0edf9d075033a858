"""Silta: the collaboration portal of youth workshops, vocational education providers and
their social-services partners."""

from __future__ import annotations

import logging
from importlib import import_module
from pathlib import Path
from typing import Any

from flask import Flask, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.middleware.proxy_fix import ProxyFix

from portal import config as settings
from portal.core import navigation
from portal.core import params as core_params
from portal.core.navigation import NavItem
from portal.extensions import babel, csrf, db, limiter, login_manager, migrate

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"

# Each feature package registers its blueprint, its authorisation policy and its menu entry
# in its own init_app(), and what it adds to the packages below it (their extension points).
# Listed from the lowest layer up (see the README's "Layers"), so that a package is set up
# after every package it adds to.
FEATURES = (
    "outbox",
    "auth",
    "parties",
    "identity",
    "notifications",
    "catalogue",
    "placements",
    "documents",
    "annual_calendar",
    "quotas",
    "daily_records",
    "follow_up",
    "catalogue_links",
    "document_links",
    "handovers",
    "certificates",
    "invoicing",
    "dashboard",
    "reports",
    "privacy",
    "retention",
    "subject_access",
)


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the application: config → extensions → blueprints → errors → cli."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.update(settings.load(Path(app.instance_path)))
    if config:
        app.config.update(config)
    if app.config["PORTAL_ENV"] == "production":
        from portal.core.deploy_check import refuse_unsafe_production

        refuse_unsafe_production(app)
    if app.config["TRUSTED_PROXIES"]:
        proxies = app.config["TRUSTED_PROXIES"]
        # Not X-Forwarded-Host: the proxy passes the Host it was asked for, which TRUSTED_HOSTS
        # checks; a forwarded one would let a client choose it past that check.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)  # type: ignore[method-assign]

    if not app.debug and not app.testing:
        # Mail in development and security warnings go to the log at INFO.
        app.logger.setLevel(logging.INFO)
    _init_extensions(app)
    # Before the blueprints: their addresses' <int:…> take the bounded converter.
    core_params.init_app(app)
    _register_blueprints(app)
    _init_core(app)
    _register_cli(app)
    if app.config.get("BENCH"):
        from portal.benchmark import statements

        statements.init_app(app)
    return app


def _init_extensions(app: Flask) -> None:
    from portal.core.database import configure_engine
    from portal.core.i18n import select_locale

    db.init_app(app)
    with app.app_context():
        configure_engine(db.engine)
    migrate.init_app(app, db, directory=str(MIGRATIONS), render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    limiter.init_app(app)
    _init_login(app)


def _init_login(app: Flask) -> None:
    from flask import flash, redirect, url_for

    from portal.auth.sessions import load_session_user
    from portal.core.htmx import current_page_path, htmx_redirect, is_htmx

    login_manager.init_app(app)
    login_manager.session_protection = None  # the server-side session row is the protection

    @login_manager.user_loader
    def _load_user(session_id: str) -> Any:
        return load_session_user(session_id)

    @login_manager.unauthorized_handler
    def _unauthorized() -> Any:
        if is_htmx():
            # Never swap a sign-in page into a fragment: reload the whole page at sign-in.
            return htmx_redirect(url_for("auth.login", next=current_page_path()), 401)
        flash(_l("Sign in to continue."), "info")
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")), 303)

    @app.before_request
    def _require_login() -> Any:
        view = app.view_functions.get(request.endpoint or "")
        if view is None or request.endpoint == "static" or getattr(view, "is_public", False):
            return None
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        return None


def _register_blueprints(app: Flask) -> None:
    from portal.core import views as core_views

    app.register_blueprint(core_views.bp)
    navigation.add(NavItem("core.audit_log", _l("Audit log"), 110, lambda u: u.is_admin))
    for name in FEATURES:
        import_module(f"portal.{name}").init_app(app)


def _init_core(app: Flask) -> None:
    from portal.core import audit_chain, errors, hosts, i18n, observability, security
    from portal.core.authz import can
    from portal.core.extension_points import panels
    from portal.core.pagination import page_url_args, query_args

    observability.init_app(app)
    errors.init_app(app)
    hosts.init_app(app)
    security.init_app(app)
    audit_chain.init_app(app)
    i18n.init_app(app)

    app.jinja_env.globals.update(
        can=can,
        nav_items=lambda: navigation.items_for(current_user),
        panels=panels.at,
        page_url_args=page_url_args,
        query_args=query_args,
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True


def _register_cli(app: Flask) -> None:
    from portal import cli

    cli.init_app(app)
