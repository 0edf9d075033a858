"""Signed-in browsers: a server-side session per browser, opened once the person has proved
who they are, found again by the key its cookie carries, and ended on signing out, when idle
or too old, or by the person.

The account page lists one's own signed-in browsers, to be ended one by one or all others. A
person who sees a browser they do not recognise ends it: its row goes, and its cookie is
worthless from the next request on.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app, has_request_context, request
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from portal.auth.models import User, UserSession
from portal.core import audit
from portal.core.authz import visible
from portal.core.lifecycle import write_at_once
from portal.core.models import utcnow
from portal.core.net import client_address
from portal.extensions import db

# A session's last-seen time is written at most this often, not on every request.
LAST_SEEN_RESOLUTION = timedelta(minutes=5)

audit.name_events(
    {
        "session.end": _l("Ended a session"),
        "session.end_others": _l("Ended their other sessions"),
    },
    targets={"UserSession": _l("Session")},
    details={"browser": _l("Browser"), "count": _l("Number")},
)


def hash_key(key: str) -> str:
    """What is stored of a key the browser holds: its SHA-256, never the key."""
    return hashlib.sha256(key.encode()).hexdigest()


def start_session(user: User) -> str:
    """Open a server-side session for the user and return the key for the cookie.

    A session starts only once the person has proved who they are (a password at sign-in
    or when changing it), so it starts verified: see :mod:`portal.auth.freshness`.
    """
    key = secrets.token_urlsafe(32)
    db.session.add(
        UserSession(
            user=user,
            key_hash=hash_key(key),
            address=client_address() if has_request_context() else "",
            user_agent=request.user_agent.string[:200] if has_request_context() else "",
            verified_at=utcnow(),
        )
    )
    user.session_key = key
    return key


def sign_in(user: User) -> str:
    key = start_session(user)
    user.last_login_at = utcnow()
    audit.record("login.success", actor=user)
    return key


def load_session_user(session_id: str) -> User | None:
    """The user of a live session, for Flask-Login's user loader.

    A session past its time goes, and the last-seen time moves on, at once: also while
    serving a page that only reads (see :func:`portal.core.lifecycle.write_at_once`). The
    statements name the row by its id, so a row another request removed meanwhile is no error.
    """
    user_id, _, key = session_id.partition(":")
    if not user_id.isdigit() or not key:
        return None
    row = db.session.execute(
        sa.select(UserSession, User)
        .join(User, UserSession.user_id == User.id)
        .where(UserSession.key_hash == hash_key(key), User.id == int(user_id))
        # Nearly every page names the user's party: read it with the session, by its key.
        .options(joinedload(User.party))
    ).first()
    if row is None:
        return None
    user_session, user = row
    now = utcnow()
    idle = now - user_session.last_seen_at > current_app.config["PERMANENT_SESSION_LIFETIME"]
    # However active, a session ends this long after signing in: a stolen cookie dies too.
    too_old = now - user_session.created_at > current_app.config["SESSION_MAX_LIFETIME"]
    this_session = UserSession.id == user_session.id
    if idle or too_old or not user.active:
        write_at_once(sa.delete(UserSession).where(this_session))
        return None
    if now - user_session.last_seen_at > LAST_SEEN_RESOLUTION:
        write_at_once(sa.update(UserSession).where(this_session).values(last_seen_at=now))
    user.session_key = key
    return user


def current_session(user: User) -> UserSession | None:
    if not user.session_key:
        return None
    return db.session.scalar(
        sa.select(UserSession).where(UserSession.key_hash == hash_key(user.session_key))
    )


def end_session(user: User) -> None:
    """Sign this browser out: its session row goes, so the old cookie is worthless."""
    if user.session_key:
        db.session.execute(
            sa.delete(UserSession).where(UserSession.key_hash == hash_key(user.session_key))
        )
    audit.record("logout", actor=user)


def end_other_sessions(user: User) -> None:
    """Sign the user out everywhere else, e.g. after a password change."""
    stmt = sa.delete(UserSession).where(UserSession.user_id == user.id)
    if user.session_key:
        stmt = stmt.where(UserSession.key_hash != hash_key(user.session_key))
    db.session.execute(stmt)


def end_all_sessions(user: User) -> None:
    db.session.execute(sa.delete(UserSession).where(UserSession.user_id == user.id))


# --- One's own signed-in browsers, on the account page -------------------------------------

# Checked in order: Edge and Opera say "Chrome" too, Chrome says "Safari" too.
_BROWSERS = (
    ("Edge", r"Edg(e|A|iOS)?/"),
    ("Opera", r"OPR/|Opera"),
    ("Samsung Internet", r"SamsungBrowser/"),
    ("Firefox", r"Firefox/|FxiOS/"),
    ("Chromium", r"Chromium/"),
    ("Chrome", r"Chrome/|CriOS/"),
    ("Safari", r"Safari/"),
)
_SYSTEMS = (
    ("Android", r"Android"),
    ("iOS", r"iPhone|iPad|iPod"),
    ("Windows", r"Windows"),
    ("macOS", r"Mac OS X|Macintosh"),
    ("ChromeOS", r"CrOS"),
    ("Linux", r"Linux|X11"),
)


def browser_label(user_agent: str) -> str:
    """A short name for the browser, e.g. "Firefox, Windows", from its user agent."""
    browser = next((name for name, pattern in _BROWSERS if re.search(pattern, user_agent)), None)
    system = next((name for name, pattern in _SYSTEMS if re.search(pattern, user_agent)), None)
    if browser is None and system is None:
        return str(_l("Unknown browser"))
    return ", ".join(part for part in (browser, system) if part)


def is_this_browser(user: User, user_session: UserSession) -> bool:
    current = current_session(user)
    return current is not None and current.id == user_session.id


def _live() -> sa.ColumnElement[bool]:
    """Sessions not yet over: a row past its time goes only when its cookie comes back."""
    now = utcnow()
    config = current_app.config
    return sa.and_(
        UserSession.last_seen_at > now - config["PERMANENT_SESSION_LIFETIME"],
        UserSession.created_at > now - config["SESSION_MAX_LIFETIME"],
    )


def sessions_of(user: User) -> list[UserSession]:
    """The person's own signed-in browsers, the most recently used first."""
    return list(
        db.session.scalars(
            visible(UserSession, user)
            .where(UserSession.user_id == user.id, _live())
            .order_by(UserSession.last_seen_at.desc(), UserSession.id.desc())
        )
    )


def end(user: User, user_session: UserSession) -> bool:
    """Sign one of the person's browsers out; True when it was this one."""
    this = is_this_browser(user, user_session)
    audit.record(
        "session.end",
        actor=user,
        target=user_session,
        browser=browser_label(user_session.user_agent),
    )
    db.session.delete(user_session)
    return this


def end_others(user: User) -> int:
    """Sign the person out of every other browser; how many were ended."""
    others = (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(UserSession)
            .where(UserSession.user_id == user.id, _live())
        )
        or 0
    ) - 1
    end_other_sessions(user)
    audit.record("session.end_others", actor=user, count=max(others, 0))
    return max(others, 0)
