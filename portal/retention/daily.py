"""The worker's daily run of the retention step.

The worker calls :func:`run_daily` on every round; the first round of a day (Helsinki time)
claims the day by inserting its ``RetentionRun`` row, whose day is unique, so the step runs
once a day however many workers there are, and a later round costs one small query.
"""

from __future__ import annotations

import logging
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from portal.core.i18n import HELSINKI
from portal.core.models import utcnow
from portal.extensions import db
from portal.retention.models import RetentionRun
from portal.retention.service import apply

log = logging.getLogger(__name__)

WORKER = "retention (outbox worker)"


def run_daily(now: datetime | None = None) -> bool:
    """Apply retention once today; False when it already ran."""
    today = (now or utcnow()).astimezone(HELSINKI).date()
    if db.session.scalar(sa.select(RetentionRun.id).where(RetentionRun.day == today)):
        db.session.rollback()
        return False
    try:
        db.session.add(RetentionRun(day=today))
        db.session.flush()
    except IntegrityError:  # another worker claimed the day first
        db.session.rollback()
        return False
    result = apply(today, WORKER)
    db.session.commit()
    # Counts and ids only: the log never names a young person.
    log.info(
        "Retention applied: %d placement categories, %d audit rows",
        sum(len(due) for due in result.due.values()),
        sum(result.audit_rows.values()),
    )
    return True
