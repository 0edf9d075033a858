"""Domain errors and the error pages, in the user's language and without stack traces."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from flask import Flask, Response, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from limits import parse
from sqlalchemy import exc as sa_exc
from werkzeug.exceptions import HTTPException

from portal.core import audit
from portal.core.accesslog import redact
from portal.core.database import ready_to_write
from portal.core.htmx import htmx_redirect, is_htmx, is_partial
from portal.core.security import safe_next
from portal.extensions import db, limiter, login_manager

log = logging.getLogger(__name__)

# At most one refusal row per person (or address) and page a minute, so that whoever probes
# ids cannot flood the audit log; the limiter's storage is shared by every server.
DENIAL_RECORD_LIMIT = parse("1 per minute")
# Where the limiter is turned off: the same bound in this process, forgetting the oldest.
_recent_denials: dict[tuple[str, str], float] = {}


class DomainError(Exception):
    """A rule of the collaboration refuses the change; nothing has been applied.

    Services raise it with a message for the user; views let it propagate and the handler
    below answers 409 with the message, after rolling back whatever was flushed.
    """

    status = 409

    def __init__(self, message: str | LazyString, *, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        # The form field the rule concerns, so that a form can show the message beside it.
        self.field = field


class TransitionNotAllowed(DomainError):
    """The object's current state does not allow this step."""


class NotPermitted(DomainError):
    """The acting user's party or role may not do this."""

    status = 403


TITLES: dict[int, LazyString] = {
    400: _l("The request could not be handled"),
    403: _l("You do not have permission to do this"),
    404: _l("Page not found"),
    405: _l("The request could not be handled"),
    409: _l("The change could not be made"),
    413: _l("The file is too large"),
    422: _l("The request could not be handled"),
    429: _l("Too many attempts"),
    500: _l("Something went wrong"),
    503: _l("The portal is temporarily unavailable"),
}

EXPLANATIONS: dict[int, LazyString] = {
    400: _l("The form was incomplete or out of date. Go back, reload the page and try again."),
    403: _l("Your role does not allow this action. Ask your party's coordinator if you need it."),
    404: _l(
        "The page does not exist, or it is not shared with you. Check the address or go back "
        "to the front page."
    ),
    405: _l("The request could not be handled."),
    409: _l("The change conflicts with the current state. Reload the page to see it."),
    413: _l("The file is larger than the portal accepts."),
    422: _l("The request could not be handled."),
    429: _l("There have been too many attempts. Wait a few minutes and try again."),
    500: _l("The error has been logged. Please try again in a moment."),
    503: _l(
        "The portal cannot reach its database just now. Please try again in a minute; if you "
        "were saving something, check afterwards that it was saved."
    ),
}

# Errors that mean the database cannot be reached (down, restarting, connection cut, pool
# exhausted), as opposed to a fault in a query: the request is answered 503, not 500.
DATABASE_UNAVAILABLE = (
    sa_exc.OperationalError,
    sa_exc.InterfaceError,
    sa_exc.DisconnectionError,
    sa_exc.TimeoutError,
)
# How long a browser or a proxy is asked to wait before trying again.
RETRY_AFTER_SECONDS = 30


def error_response(status: int, message: str | LazyString | None = None) -> Response:
    """The error page, or for a targeted htmx request a message shown in the page's message area."""
    title = TITLES.get(status, TITLES[500])
    explanation = message or EXPLANATIONS.get(status, EXPLANATIONS[500])
    back = safe_next(_referrer_path())
    if is_partial():
        html = render_template("errors/_message.html", title=title, message=explanation)
        response = Response(html, status)
        response.headers["HX-Retarget"] = "#messages"
        response.headers["HX-Reswap"] = "innerHTML"
    else:
        html = render_template(
            "errors/error.html", status=status, title=title, message=explanation, back=back
        )
        response = Response(html, status)
    response.vary.add("HX-Request")
    return response


def database_unavailable_response() -> Response:
    """The 503 page, rendered without touching the database, with Retry-After."""
    try:
        db.session.rollback()
    except sa_exc.SQLAlchemyError:
        log.warning("Could not roll back after losing the database", exc_info=True)
    # Who is signed in cannot be looked up now: the page is shown as to a visitor, so that
    # neither the layout (notifications) nor the language choice asks the database.
    g._login_user = login_manager.anonymous_user()
    title, message = TITLES[503], EXPLANATIONS[503]
    if is_partial():
        response = error_response(503)
    else:
        again = safe_next(request.full_path.rstrip("?")) if request.method == "GET" else None
        html = render_template("errors/503.html", title=title, message=message, again=again)
        response = Response(html, 503)
        response.vary.add("HX-Request")
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response.headers["Cache-Control"] = "no-store"
    return response


def _referrer_path() -> str | None:
    referrer = request.referrer
    if not referrer or not referrer.startswith(request.host_url):
        return None
    return "/" + referrer[len(request.host_url) :]


def _object_named(view_args: dict[str, object]) -> tuple[str, int | None]:
    """The object a route names, e.g. ("Document", 7) for ``<int:document_id>``."""
    for name, value in view_args.items():
        if name.endswith("_id") and isinstance(value, int):
            return "".join(part.capitalize() for part in name[:-3].split("_")), value
    return "", None


def _first_this_minute(who: str, endpoint: str) -> bool:
    if limiter.enabled:
        return limiter.limiter.hit(DENIAL_RECORD_LIMIT, "audit-denial", who, endpoint)
    now = time.monotonic()
    if now - _recent_denials.get((who, endpoint), -60.0) < 60:
        return False
    if len(_recent_denials) >= 10_000:
        _recent_denials.pop(next(iter(_recent_denials)))
    _recent_denials[(who, endpoint)] = now
    return True


def record_denial(status: int) -> None:
    """Audit a 403, and a 404 on a route that names an object; unknown pages are not recorded.

    A 404 is how the portal refuses what is not shared with the person, so on an object's
    page it is as telling as a 403.
    """
    if request.url_rule is None or request.endpoint is None:
        return
    target_type, target_id = _object_named(request.view_args or {})
    if status == 404 and target_id is None:
        return
    user = current_user if current_user.is_authenticated else None
    who = f"user:{user.id}" if user is not None else f"address:{request.remote_addr}"
    if not _first_this_minute(who, request.endpoint):
        return
    audit.record(
        "access.denied",
        actor=user,
        target_type=target_type,
        target_id=target_id,
        status=status,
        path=redact(request.path),
    )


def _committed(record: Callable[[], object]) -> bool:
    """Write a refusal's audit row; False when the database cannot be reached.

    An error page must not itself fail with a 500 because the database is away: the caller
    answers 503 instead, as every other page does then.
    """
    try:
        # A page that only read so far writes the row in a write transaction of its own.
        ready_to_write(db.session)
        record()
        db.session.commit()
    except DATABASE_UNAVAILABLE:
        db.session.rollback()
        return False
    return True


def init_app(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def _domain_error(error: DomainError) -> Response:
        db.session.rollback()
        return error_response(error.status, error.message)

    def _database_unavailable(error: Exception) -> Response:
        # Only the driver's first line: the statement's parameters may name a young person.
        cause = getattr(error, "orig", None) or error.__cause__
        first_line = next(iter(str(cause or "").strip().splitlines()), "")
        log.error(
            "Database unavailable on %s %s: %s: %s",
            request.method,
            redact(request.path),
            type(error).__name__,
            first_line,
        )
        return database_unavailable_response()

    for kind in DATABASE_UNAVAILABLE:
        app.register_error_handler(kind, _database_unavailable)

    @app.errorhandler(CSRFError)
    def _csrf_error(error: CSRFError) -> Response:
        db.session.rollback()
        if not current_user.is_authenticated:
            # The session ended while the page was open: sign in again, then go back to it.
            login = url_for("auth.login", next=safe_next(_referrer_path()))
            return htmx_redirect(login, 401) if is_htmx() else redirect(login, 303)  # type: ignore[return-value]
        if not _committed(
            lambda: audit.record("csrf.failure", actor=current_user, path=redact(request.path))
        ):
            return database_unavailable_response()
        return error_response(400)

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException) -> ResponseReturnValue:
        status = error.code or 500
        if status < 400:
            return error.get_response()
        db.session.rollback()
        if status in (403, 404) and not _committed(lambda: record_denial(status)):
            return database_unavailable_response()
        response = error_response(status)
        if status == 405 and error.valid_methods:  # type: ignore[attr-defined]
            response.headers["Allow"] = ", ".join(error.valid_methods)  # type: ignore[attr-defined]
        return response

    @app.errorhandler(Exception)
    def _unexpected_error(error: Exception) -> Response:
        log.exception("Unhandled error on %s %s", request.method, redact(request.path))
        db.session.rollback()
        propagate = app.config.get("PROPAGATE_EXCEPTIONS")
        if propagate or (propagate is None and (app.testing or app.debug)):
            raise error
        return error_response(500)
