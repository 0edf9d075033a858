"""What the operator watches of the outbox: the queue in /metrics, and /readyz failing when
mail stops moving."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from portal.core.models import utcnow
from portal.core.observability import health, heartbeat, metrics
from portal.extensions import db
from portal.outbox.models import OutboxMessage, OutboxStatus


def queued() -> float:
    return (
        db.session.scalar(
            sa.select(sa.func.count()).where(OutboxMessage.status == OutboxStatus.QUEUED)
        )
        or 0
    )


def oldest_queued_age() -> float:
    """Seconds since the oldest queued message was queued; 0 when none waits."""
    oldest = db.session.scalar(
        sa.select(sa.func.min(OutboxMessage.created_at)).where(
            OutboxMessage.status == OutboxStatus.QUEUED
        )
    )
    if oldest is None:
        return 0.0
    # SQLite returns the aggregate as naive UTC, PostgreSQL as the column's type.
    oldest = oldest if oldest.tzinfo else oldest.replace(tzinfo=utcnow().tzinfo)
    return max((utcnow() - oldest).total_seconds(), 0.0)


def failed() -> float:
    return (
        db.session.scalar(
            sa.select(sa.func.count()).where(OutboxMessage.status == OutboxStatus.FAILED)
        )
        or 0
    )


def heartbeat_age() -> float:
    """Seconds since the worker's last round; -1 when it has never run."""
    last = heartbeat.last_beat(heartbeat.OUTBOX)
    return -1.0 if last is None else max((utcnow() - last).total_seconds(), 0.0)


def mail_moving() -> bool:
    """Ready unless mail has been due for the limit while the worker has not run for as long.

    Either is enough: a worker that runs but cannot reach the mail server keeps beating (its
    failures are in the failed-mail figures), and a quiet queue needs no worker just now.
    """
    limit = timedelta(minutes=current_app.config["READY_MAIL_MINUTES"])
    overdue = db.session.scalar(
        sa.select(sa.func.count()).where(
            OutboxMessage.status == OutboxStatus.QUEUED,
            OutboxMessage.next_attempt_at < utcnow() - limit,
        )
    )
    return not overdue or not heartbeat.is_stale(heartbeat.OUTBOX, limit)


def register() -> None:
    metrics.gauge(
        "silta_outbox_queued_messages", "E-mails waiting in the outbox (incl. retries).", queued
    )
    metrics.gauge(
        "silta_outbox_oldest_queued_age_seconds",
        "Age of the oldest e-mail waiting in the outbox; 0 when none waits.",
        oldest_queued_age,
    )
    metrics.gauge(
        "silta_outbox_failed_messages",
        "E-mails given up for good, waiting for the administrator to queue them again.",
        failed,
    )
    metrics.gauge(
        "silta_outbox_worker_heartbeat_age_seconds",
        "Seconds since the outbox worker last finished a round; -1 if it never has.",
        heartbeat_age,
    )
    health.check("mail-queue", mail_moving)
