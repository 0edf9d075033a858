"""One's own signed-in browsers: listed on the account page, ended one by one or all others.

A person who sees a browser they do not recognise ends it: its row goes, and its cookie is
worthless from the next request on.
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from portal.auth import service
from portal.auth.models import User, UserSession
from portal.core import audit
from portal.core.authz import visible
from portal.core.models import utcnow
from portal.extensions import db

audit.name_events(
    {
        "session.end": _l("Ended a session"),
        "session.end_others": _l("Ended their other sessions"),
    },
    targets={"UserSession": _l("Session")},
    details={"browser": _l("Browser"), "count": _l("Number")},
)

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
    current = service.current_session(user)
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
    service.end_other_sessions(user)
    audit.record("session.end_others", actor=user, count=max(others, 0))
    return max(others, 0)
