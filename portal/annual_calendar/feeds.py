"""Secret calendar-feed addresses: one per person, renewable, kept only as a hash.

The token is shown once, when it is made. Renewing replaces the hash, so the old address
stops working at once; a copy of the database does not reveal anyone's address.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from portal.annual_calendar.models import CalendarFeed, Event
from portal.annual_calendar.queries import local_midnight
from portal.auth.models import User
from portal.core import audit
from portal.core.authz import visible
from portal.core.models import utcnow
from portal.extensions import db

audit.name_events(
    {
        "calendar.feed.create": _l("Calendar feed address created"),
        "calendar.feed.renew": _l("Calendar feed address renewed"),
        "calendar.feed.revoke": _l("Calendar feed address revoked"),
    }
)

# How far back the feed reaches; later events are all included.
FEED_HISTORY = timedelta(days=400)
# The last use is written at most this often, not on every poll of a calendar client.
LAST_USED_RESOLUTION = timedelta(hours=1)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def feed_of(user: User) -> CalendarFeed | None:
    return db.session.scalar(sa.select(CalendarFeed).where(CalendarFeed.user_id == user.id))


def issue(user: User) -> str:
    """Make the user's feed address, or a new one that revokes the old; return its token."""
    token = secrets.token_urlsafe(32)
    feed = feed_of(user)
    renewed = feed is not None
    if feed is None:
        feed = CalendarFeed(user_id=user.id)
        db.session.add(feed)
    feed.token_hash = hash_token(token)
    feed.created_at = utcnow()
    feed.last_used_at = None
    db.session.flush()
    audit.record("calendar.feed.renew" if renewed else "calendar.feed.create", actor=user)
    return token


def revoke(user: User) -> None:
    feed = feed_of(user)
    if feed is not None:
        db.session.delete(feed)
        audit.record("calendar.feed.revoke", actor=user)


def user_for_token(token: str) -> User | None:
    """The active owner of a feed token, or None for a wrong, revoked or renewed one."""
    if not token or len(token) > 100:
        return None
    row = db.session.execute(
        sa.select(CalendarFeed, User)
        .join(User, CalendarFeed.user_id == User.id)
        .where(CalendarFeed.token_hash == hash_token(token))
    ).first()
    if row is None:
        return None
    feed, user = row
    if not user.active:
        return None
    now = utcnow()
    if feed.last_used_at is None or now - feed.last_used_at > LAST_USED_RESOLUTION:
        feed.last_used_at = now
    return user


def feed_events(user: User, now: datetime | None = None) -> list[Event]:
    """Everything the user may see, from a year back on, cancelled ones included."""
    since = local_midnight((now or utcnow()).date()) - FEED_HISTORY
    stmt = visible(Event, user).where(Event.ends_at > since).order_by(Event.starts_at, Event.id)
    return list(db.session.scalars(stmt))
