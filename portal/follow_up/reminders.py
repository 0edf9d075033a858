"""Reminding the named person of a follow-up that has come due, once, in the portal and by
e-mail (through ``notify()``, so as they chose for the kind).

The outbox worker runs :func:`remind_due_follow_ups` on every round; before
``REMINDER_HOUR`` (Helsinki time) it does nothing, so nobody is reminded at night.
``flask --app portal follow-up remind`` runs it at once, whatever the hour.

Each reminder is claimed by an UPDATE that sets ``reminded_at`` only where it is still empty,
as the first statement of its own transaction together with the notification: a reminder is
sent exactly once, even when several workers run. The mail names the placement's reference
and links to the portal (from ``PORTAL_PUBLIC_URL``); never the young person.
"""

from __future__ import annotations

import logging
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from portal.core.i18n import HELSINKI
from portal.core.models import utcnow
from portal.core.urls import path_for
from portal.extensions import db
from portal.follow_up.models import FollowUp
from portal.notifications import kinds
from portal.notifications.service import notify
from portal.placements.policy import sees

log = logging.getLogger(__name__)

# Reminders go from this hour of the day on (Helsinki time), as the calendar's do.
REMINDER_HOUR = 8

FOLLOW_UP_DUE = kinds.register(
    "follow_up.due",
    _l(
        "The %(months)s-month follow-up of placement %(reference)s is due: record where the "
        "young person is now."
    ),
    label=_l("A follow-up asked of you is due"),
)


def _candidates(today: date) -> list[int]:
    stmt = (
        sa.select(FollowUp.id)
        .where(
            FollowUp.due_on <= today,
            FollowUp.answered_at.is_(None),
            FollowUp.reminded_at.is_(None),
            FollowUp.asked_id.is_not(None),
        )
        .order_by(FollowUp.due_on, FollowUp.id)
    )
    return list(db.session.scalars(stmt))


def _remind(follow_up_id: int, now: datetime) -> bool:
    """Claim the reminder and tell the named person, in one transaction; False if another
    worker came first or there is nobody to tell."""
    claimed = db.session.execute(
        sa.update(FollowUp)
        .where(FollowUp.id == follow_up_id, FollowUp.reminded_at.is_(None))
        .values(reminded_at=now)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        db.session.rollback()
        return False
    follow_up = db.session.get(FollowUp, follow_up_id, populate_existing=True)
    told = False
    # Read under the claim: answered since, or a person who has left the team (or the
    # portal), is told nothing; the row stays claimed, so it is not looked at again.
    person = follow_up.asked if follow_up is not None else None
    if (
        follow_up is not None
        and person is not None
        and follow_up.answered_at is None
        and person.active
        and sees(person, follow_up.placement)
    ):
        notify(
            [person],
            FOLLOW_UP_DUE,
            link=path_for("follow_up.answer", follow_up_id=follow_up.id),
            months=str(follow_up.checkpoint.months),
            reference=follow_up.placement.reference,
        )
        told = True
    db.session.commit()
    return told


def remind_due_follow_ups(now: datetime | None = None, *, any_hour: bool = False) -> int:
    """Remind the named people of the follow-ups due; how many were told."""
    now = now or utcnow()
    local = now.astimezone(HELSINKI)
    if local.hour < REMINDER_HOUR and not any_hour:
        return 0
    due = _candidates(local.date())
    # The reading transaction ends here, so each claim below starts a transaction of its own.
    db.session.commit()
    told = sum(_remind(follow_up_id, now) for follow_up_id in due)
    if told:
        log.info("Reminded the named people of %d follow-ups", told)
    return told
