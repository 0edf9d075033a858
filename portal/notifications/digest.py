"""The daily digest: one mail a day per user, listing the notifications they chose to batch.

The digest is due every day at ``PORTAL_DIGEST_HOUR`` o'clock, Helsinki time, and lists
what arrived since the previous one. The worker checks on every round, so a worker that
was stopped at the hour catches up when it starts. The items are claimed, turned into
mail and deleted in one transaction: a second worker finds nothing left to claim, and a
worker that dies half-way leaves the items for the next round.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import selectinload

from portal.auth.models import User
from portal.core.models import utcnow
from portal.extensions import db
from portal.notifications import rendering
from portal.notifications.models import DigestItem


def latest_digest_time(now: datetime) -> datetime:
    """The most recent digest hour (Helsinki time) at or before ``now``, in UTC."""
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    local = now.astimezone(zone)
    hour = time(current_app.config["DIGEST_HOUR"])
    day = local.date() if local.time() >= hour else local.date() - timedelta(days=1)
    return datetime.combine(day, hour, tzinfo=zone).astimezone(UTC)


def queue_due_digests(now: datetime | None = None) -> int:
    """Queue the digests of everything that arrived before the latest digest hour."""
    return queue_digests(latest_digest_time(now or utcnow()))


def queue_digests(until: datetime | None = None) -> int:
    """Queue one digest mail per user for the items that arrived until then; the number of mails."""
    until = until or utcnow()
    token = uuid.uuid4().hex
    # The claim is the transaction's first statement, so that on SQLite it holds the write
    # lock from the start; on PostgreSQL a concurrent claim waits and then finds nothing.
    claimed = db.session.execute(
        sa.update(DigestItem)
        .where(DigestItem.claim_token.is_(None), DigestItem.created_at <= until)
        .values(claim_token=token)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount == 0:  # type: ignore[attr-defined]
        db.session.commit()
        return 0
    items = db.session.scalars(
        sa.select(DigestItem)
        .where(DigestItem.claim_token == token)
        .options(selectinload(DigestItem.notification))
        .order_by(DigestItem.created_at, DigestItem.id)
    ).all()
    by_user: dict[int, list[DigestItem]] = defaultdict(list)
    for item in items:
        by_user[item.user_id].append(item)
    users = db.session.scalars(sa.select(User).where(User.id.in_(by_user))).all()
    queued = 0
    for user in users:
        if user.active:
            rendering.queue_digest(user, by_user[user.id])
            queued += 1
    for item in items:
        db.session.delete(item)
    db.session.commit()
    return queued
