"""Heartbeats: background processes note in the database when they last did their round.

One row a process kind (e.g. "outbox"), whichever of its instances beat last: the question
an operator asks is whether the work is being done, not by whom. The readiness check and
the administrator's front page read it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from portal.core.models import UTCDateTime, utcnow
from portal.extensions import Model, db

OUTBOX = "outbox"
# The administrator's front page warns when the worker has not run for this long.
STALE_AFTER = timedelta(minutes=10)


class Heartbeat(Model):
    __tablename__ = "heartbeat"

    name: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    beat_at: Mapped[datetime] = mapped_column(UTCDateTime())


def beat(name: str, now: datetime | None = None) -> None:
    """Note that ``name`` ran its round now, in the current transaction (the caller commits)."""
    now = now or utcnow()
    updated = db.session.execute(
        sa.update(Heartbeat)
        .where(Heartbeat.name == name)
        .values(beat_at=now)
        .execution_options(synchronize_session=False)
    )
    if not updated.rowcount:  # type: ignore[attr-defined]
        # The first beat ever; two first beats at once would both insert, so the second
        # is retried as an update in a savepoint.
        try:
            with db.session.begin_nested():
                db.session.add(Heartbeat(name=name, beat_at=now))
        except sa.exc.IntegrityError:
            db.session.execute(
                sa.update(Heartbeat).where(Heartbeat.name == name).values(beat_at=now)
            )


def last_beat(name: str) -> datetime | None:
    return db.session.scalar(sa.select(Heartbeat.beat_at).where(Heartbeat.name == name))


def is_stale(name: str, after: timedelta = STALE_AFTER, now: datetime | None = None) -> bool:
    """Has ``name`` not beaten for ``after`` (or never)?"""
    last = last_beat(name)
    return last is None or last < (now or utcnow()) - after
