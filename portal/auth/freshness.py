"""Step-up: what matters asks for a recent proof of who is at the keyboard.

A signed-in browser may have been left open on a desk for hours. Opening a document secret
by law, signing a per-trainee agreement and the administrator's changes to people therefore
ask the person to confirm who they are when the last proof in this browser (the sign-in or
the confirm page) is older than ``STEP_UP_MAX_AGE`` (``PORTAL_STEP_UP_MINUTES``).

A view demands it with :func:`require_recent_verification` (after loading the object through
its scope, so that what is invisible stays a 404) or the :func:`needs_recent_verification`
decorator. Either raises :class:`StepUpRequired`, which the handler turns into a redirect to
the confirm page with a safe ``next`` back: the page asked for, or, for a form posted, the
page the form was on (a POST-only address cannot be opened again).

:func:`ways_to_confirm` is the one place that says how a person may confirm: a fresh
password now; a second step or a fresh sign-in at their organisation may join it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any, TypeVar

from flask import Flask, Response, current_app, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.auth import credentials, sessions, throttle
from portal.auth.models import User
from portal.auth.passwords import spend_verification_time, verify_password
from portal.core import audit
from portal.core.errors import DomainError
from portal.core.htmx import current_page_path, htmx_redirect, is_htmx, is_partial
from portal.core.models import utcnow
from portal.core.security import safe_next
from portal.extensions import db

F = TypeVar("F", bound=Callable[..., Any])

# The ways a person may confirm who they are, as offered on the confirm page; the name of a
# way, not a password, which bandit's check for hard-coded passwords cannot tell.
PASSWORD = "password"  # nosec B105
SIGN_IN_AGAIN = "sign_in_again"

audit.name_events(
    {
        "step_up.success": _l("Confirmed who they are"),
        "step_up.failure": _l("Failed confirmation of who they are"),
    },
    details={"way": _l("Way")},
)
audit.DETAIL_VALUE_LABELS[("way", PASSWORD)] = _l("password")
audit.OUTCOMES["step_up.failure"] = audit.FAILED


class StepUpRequired(Exception):
    """The request needs a recent confirmation of who the person is; nothing was done.

    Not a DomainError: a form must not show it beside a field, the handler redirects.
    """

    def __init__(self, back_to: str | None = None) -> None:
        super().__init__("step-up required")
        # Where to return after confirming, when not the page asked for (e.g. a download).
        self.back_to = back_to


def max_age() -> timedelta:
    value: timedelta = current_app.config["STEP_UP_MAX_AGE"]
    return value


def recently_verified(user: User) -> bool:
    """Has the person proved who they are in this browser within the last few minutes?"""
    user_session = sessions.current_session(user)
    if user_session is None or user_session.verified_at is None:
        return False
    return utcnow() - user_session.verified_at <= max_age()


def mark_verified(user: User) -> None:
    """Record that the person has just proved who they are in this browser."""
    user_session = sessions.current_session(user)
    if user_session is not None:
        user_session.verified_at = utcnow()


def require_recent_verification(user: User, *, back_to: str | None = None) -> None:
    """Raise :class:`StepUpRequired` unless the person confirmed who they are recently."""
    if not recently_verified(user):
        raise StepUpRequired(back_to)


def needs_recent_verification(view: F) -> F:
    """Let the view run only for a person who confirmed who they are recently."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        require_recent_verification(current_user)
        return view(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def ways_to_confirm(user: User) -> list[str]:
    """How this person may confirm who they are, in the order the page offers them.

    A person without a password (who signs in through their organisation) signs in again.
    """
    if user.has_password:
        return [PASSWORD]
    return [SIGN_IN_AGAIN]


def confirm_with_password(user: User, password: str) -> None:
    """Mark the session verified if the password is right; throttled and audited as sign-in.

    The attempts count against the sign-in keys of the account and address: a stolen
    session gets no more guesses here than the sign-in page would give. Raises
    :class:`throttle.TooManyAttempts` without trying the password while a key waits, and
    :class:`DomainError` for a wrong password, after counting and auditing it (the view
    keeps what the refusal recorded).
    """
    keys = credentials.sign_in_keys(user.email)
    throttle.check(keys, actor=user, field="password")
    if user.password_hash is None:
        spend_verification_time(password)
        raise DomainError(_l("Your account has no password. Sign in again."), field="password")
    if not verify_password(user.password_hash, password):
        throttle.count(keys)
        audit.record("step_up.failure", actor=user, reason="password")
        raise DomainError(_l("The password is wrong."), field="password")
    throttle.clear(keys[0])
    mark_verified(user)
    audit.record("step_up.success", actor=user, way=PASSWORD)


def _return_path(error: StepUpRequired) -> str | None:
    """Where the person goes back to after confirming."""
    if error.back_to:
        return safe_next(error.back_to)
    if is_partial() or (is_htmx() and request.method != "GET"):
        # A fragment or a form sent by htmx: the page it was on.
        return current_page_path()
    if request.method != "GET":
        # A form's address may take only POST: the page the form was on.
        return safe_next(_referrer_path())
    return safe_next(request.full_path.rstrip("?"))


def _referrer_path() -> str | None:
    referrer = request.referrer
    if not referrer or not referrer.startswith(request.host_url):
        return None
    return "/" + referrer[len(request.host_url) :]


def step_up_response(error: StepUpRequired) -> Response:
    """Send the person to the confirm page, never swapping it into a fragment."""
    db.session.rollback()
    confirm = url_for("auth.confirm", next=_return_path(error))
    if is_htmx():
        return htmx_redirect(confirm, 401)
    return redirect(confirm, 303)  # type: ignore[return-value]


def init_app(app: Flask) -> None:
    app.register_error_handler(StepUpRequired, step_up_response)
