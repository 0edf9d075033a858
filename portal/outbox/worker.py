"""Sending what the outbox holds: claim a due message, send it, record the outcome.

Each message is claimed by a single UPDATE that sets a lease (``claimed_until``) and a
token. On PostgreSQL the UPDATE picks its row with ``FOR UPDATE SKIP LOCKED``, so that
concurrent workers take different messages; on SQLite the statement takes the database's
write lock before it reads, so claims are serialised. Either way the UPDATE's own WHERE
accepts only an unclaimed (or expired) message, so two workers never both own one.
Sending happens outside any transaction; the outcome is written only by the claim's owner.
A worker that dies leaves its claim to expire, and the message is sent by another.
"""

from __future__ import annotations

import logging
import smtplib
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from email.message import EmailMessage
from typing import Any

import sqlalchemy as sa
from flask import current_app

from portal.core import mail
from portal.core.database import refresh_statistics, writing
from portal.core.models import utcnow
from portal.core.observability import heartbeat, request_id
from portal.extensions import db
from portal.outbox.models import OutboxMessage, OutboxStatus
from portal.outbox.service import build_email

log = logging.getLogger(__name__)

# Retries wait RETRY_SECONDS, then twice as long each time, but never longer than this.
MAX_RETRY_DELAY = timedelta(hours=1)

# Daily work of other features that the worker does on every round, before sending, such as
# the reminders of action items that come due. Every worker runs each job on every round,
# so a job must do each thing once however often it runs, and be cheap when nothing is due.
_round_jobs: list[Callable[[], object]] = []


def each_round(job: Callable[[], object]) -> None:
    """Have the worker run ``job`` on every round (registered once, however often asked)."""
    if job not in _round_jobs:
        _round_jobs.append(job)


_statistics_refreshed_on: date | None = None


def refresh_statistics_daily(today: date | None = None) -> bool:
    """Refresh the query planner's statistics once a day (SQLite keeps none by itself);
    False when this worker has done it today already. Two workers doing it twice is harmless."""
    global _statistics_refreshed_on
    today = today or utcnow().date()
    if _statistics_refreshed_on == today:
        return False
    refresh_statistics(db.session.connection())
    db.session.commit()
    _statistics_refreshed_on = today
    return True


def run_round_jobs() -> None:
    """Run every registered job; one that fails is logged and tried again next round."""
    for job in list(_round_jobs):
        try:
            job()
        except Exception:  # one feature's trouble must not stop the mail
            name = getattr(job, "__qualname__", repr(job))
            log.exception("Outbox worker: %s failed; trying again next round", name)
            db.session.rollback()


@dataclass
class SendReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0

    @property
    def attempted(self) -> int:
        return self.sent + self.retrying + self.failed


@dataclass
class Claimed:
    """A message this worker owns until its lease ends."""

    id: int
    token: str
    attempts: int
    # The mail to send, or why it could not be built (kept as the attempt's error).
    email: EmailMessage | Exception


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the given number of failed attempts (exponential, capped)."""
    first = current_app.config["OUTBOX_RETRY_SECONDS"]
    return min(timedelta(seconds=first * 2 ** max(attempts - 1, 0)), MAX_RETRY_DELAY)


def _claimable(now: datetime) -> sa.ColumnElement[bool]:
    return sa.and_(
        OutboxMessage.status == OutboxStatus.QUEUED,
        OutboxMessage.next_attempt_at <= now,
        sa.or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now),
    )


def claim_next(now: datetime | None = None) -> Claimed | None:
    """Claim the next due message for this worker, in a transaction of its own."""
    now = now or utcnow()
    token = uuid.uuid4().hex
    lease = timedelta(seconds=current_app.config["OUTBOX_LEASE_SECONDS"])
    candidate = (
        sa.select(OutboxMessage.id)
        .where(_claimable(now))
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(1)
        .with_for_update(skip_locked=True)
    )
    # The UPDATE is the transaction's first statement: on SQLite it takes the write lock
    # before reading, so no other worker can claim between our read and our write. The
    # candidate is compared with "=", not "IN": PostgreSQL evaluates a scalar subquery
    # once, whereas an IN subquery may be run again for every row and claim them all.
    row = db.session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.id == candidate.scalar_subquery(), _claimable(now))
        .values(claimed_until=now + lease, claim_token=token)
        .returning(OutboxMessage.id)
        .execution_options(synchronize_session=False)
    ).first()
    if row is None:
        db.session.commit()
        return None
    message = db.session.get(OutboxMessage, row.id, populate_existing=True)
    assert message is not None
    email: EmailMessage | Exception
    try:
        email = build_email(message)
    except Exception as error:  # a message that cannot be built must not stop the queue
        log.exception("Outbox message %s could not be built", row.id)
        email = error
    claimed = Claimed(row.id, token, message.attempts, email)
    db.session.commit()
    return claimed


def _permanent(error: Exception) -> bool:
    """Did the server refuse the message for good (e.g. no such recipient)?"""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    return False


def _record(claimed: Claimed, values: dict[str, Any]) -> None:
    """Write the outcome, but only while the claim is still ours."""
    result = db.session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.id == claimed.id, OutboxMessage.claim_token == claimed.token)
        .values(claimed_until=None, claim_token=None, **values)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    if result.rowcount != 1:  # type: ignore[attr-defined]
        log.warning("Outbox message %s was taken over by another worker", claimed.id)


def _describe(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"[:500]


def send_claimed(claimed: Claimed, now: datetime | None = None) -> OutboxStatus:
    """Send one claimed message and record the outcome; SMTP trouble means a later retry."""
    attempts = claimed.attempts + 1
    try:
        if isinstance(claimed.email, Exception):
            raise claimed.email
        mail.send(claimed.email)
    except Exception as error:  # any failure is kept with the message, for a retry
        now = now or utcnow()
        gave_up = _permanent(error) or attempts >= current_app.config["OUTBOX_MAX_ATTEMPTS"]
        status = OutboxStatus.FAILED if gave_up else OutboxStatus.QUEUED
        log.warning(
            "Outbox message %s: attempt %d failed (%s)%s",
            claimed.id,
            attempts,
            _describe(error),
            "; giving up" if gave_up else "",
        )
        _record(
            claimed,
            {
                "status": status,
                "attempts": attempts,
                "last_attempt_at": now,
                "last_error": _describe(error),
                "next_attempt_at": now + retry_delay(attempts),
            },
        )
        return status
    now = now or utcnow()
    _record(
        claimed,
        {
            "status": OutboxStatus.SENT,
            "attempts": attempts,
            "last_attempt_at": now,
            "sent_at": now,
            "last_error": "",
            # What was sent is not kept.
            "subject": "",
            "body": "",
            "attachments": [],
        },
    )
    return OutboxStatus.SENT


def send_due(now: datetime | None = None, *, limit: int | None = None) -> SendReport:
    """Send every message that is due now (or at most ``limit`` of them)."""
    report = SendReport()
    while limit is None or report.attempted < limit:
        claimed = claim_next(now)
        if claimed is None:
            break
        status = send_claimed(claimed, now)
        if status == OutboxStatus.SENT:
            report.sent += 1
        elif status == OutboxStatus.FAILED:
            report.failed += 1
        else:
            report.retrying += 1
    return report


def _round() -> None:
    try:
        with writing():
            run_round_jobs()
            report = send_due()
            # After the round, so that a worker whose rounds keep failing is seen as
            # stopped by the readiness check and on the administrator's front page.
            heartbeat.beat(heartbeat.OUTBOX)
            db.session.commit()
        if report.attempted:
            log.info(
                "Outbox: %d sent, %d to retry, %d failed",
                report.sent,
                report.retrying,
                report.failed,
            )
    except Exception:  # e.g. the database is down: log it, wait, and try again
        log.exception("Outbox worker round failed; trying again")
        db.session.rollback()
        db.session.remove()


def run(stop: threading.Event, *, poll_seconds: float | None = None) -> None:
    """Run the features' jobs of each round (such as the daily digest) and send until ``stop``
    is set; outages of the database or the mail server are waited out."""
    poll = poll_seconds if poll_seconds is not None else current_app.config["OUTBOX_POLL_SECONDS"]
    log.info("Outbox worker started; polling every %s seconds", poll)
    while not stop.is_set():
        # Each round's log lines and audit rows share an id, as a request's lines do.
        with request_id.job():
            _round()
        stop.wait(poll)
    log.info("Outbox worker stopped")
