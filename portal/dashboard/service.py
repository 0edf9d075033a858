"""The front page's window: today, six weeks ahead, and "new" since the user last looked."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from portal.auth.models import User
from portal.core import dates
from portal.core.models import utcnow
from portal.dashboard.models import DashboardSeen
from portal.dashboard.sections import NEW_DAYS, Window
from portal.extensions import db
from portal.follow_up.queries import due_count_query, known_due
from portal.notifications.service import known_unread, unread_count_query


def seen_at(user: User) -> datetime | None:
    """When the user last marked what is new as seen, if ever."""
    return db.session.scalar(
        sa.select(DashboardSeen.new_seen_at).where(DashboardSeen.user_id == user.id)
    )


def seen_and_unread(user: User) -> tuple[datetime | None, int]:
    """When the user last marked what is new as seen, and how many notifications they have
    not read: what the front page knows of the user, in one statement. The unread count
    serves the menu's badge too; the number of follow-ups due, asked along, the front page's
    follow-up item."""
    seen = sa.select(DashboardSeen.new_seen_at).where(DashboardSeen.user_id == user.id)
    unread = unread_count_query(user)
    follow_ups = due_count_query(user)
    seen_at, count, due = db.session.execute(
        sa.select(seen.scalar_subquery(), unread.scalar_subquery(), follow_ups.scalar_subquery())
    ).one()
    known_unread(count or 0)
    known_due(due or 0)
    return seen_at, count or 0


def window_for(
    user: User, now: datetime | None = None, *, seen_at: datetime | None = None
) -> Window:
    """The window of the front page; "New" counts from the user's own mark (``seen_at``, as
    :func:`seen_at` read it), or else NEW_DAYS."""
    now = now or utcnow()
    since = seen_at or now - timedelta(days=NEW_DAYS)
    return Window(now=now, today=dates.today(), since=since)


def mark_new_seen(user: User, now: datetime | None = None) -> None:
    """Everything new until now has been seen; the "New" section starts afresh."""
    now = now or utcnow()
    row = db.session.get(DashboardSeen, user.id)
    if row is None:
        try:
            with db.session.begin_nested():
                db.session.add(DashboardSeen(user_id=user.id, new_seen_at=now))
        except sa.exc.IntegrityError:
            # The same person marked it in another tab at the same moment: the later wins.
            row = db.session.get(DashboardSeen, user.id, populate_existing=True)
    if row is not None:
        row.new_seen_at = max(row.new_seen_at, now)
    db.session.flush()
