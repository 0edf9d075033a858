"""Rules of daily records: writing a day, correcting a day of a closed month, closing months.

Every function takes the acting user, checks what the policy allows, changes rows and only
flushes; the view commits once (``core.lifecycle.changes``). A refusal is a ``DomainError``,
beside the form's field where one is concerned.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from portal.auth.models import User
from portal.core import audit, dates
from portal.core.errors import DomainError, NotPermitted
from portal.core.models import utcnow
from portal.daily_records import days
from portal.daily_records.models import ABSENCES, ClosedMonth, DailyRecord, Presence
from portal.daily_records.policy import may_close, may_record
from portal.extensions import db
from portal.placements import steps
from portal.placements.models import Placement, PlacementStatus, StepKind

audit.name_events(
    {
        "daily_records.corrected": _l("Daily record corrected"),
        "daily_records.month_closed": _l("Month of daily records closed"),
    },
    details={"day": _l("Day"), "month": _l("Month")},
)

# A short coaching note: what was done, in a few sentences.
NOTE_LENGTH = 500
REASON_LENGTH = 500
MOST_HOURS = Decimal(24)
# Days are written while the period goes on; a closed month's days are corrected also after.
RECORDING = (PlacementStatus.ONGOING,)
CORRECTING = (PlacementStatus.ONGOING, PlacementStatus.COMPLETED, PlacementStatus.INTERRUPTED)


@dataclass
class Entry:
    """What the job coach writes of one day."""

    presence: Presence
    hours: Decimal | None = None
    note: str = ""
    qualification_unit: str = ""


class MonthClosed(DomainError):
    """The day's month has been closed: a change is a correction with its reason."""


class ConcurrentEntry(DomainError):
    def __init__(self) -> None:
        super().__init__(
            _l(
                "Someone else saved this day at the same moment, so your entry was not saved. "
                "Reload the page to see theirs."
            )
        )


def _hold(placement: Placement) -> None:
    """Take the period's row until the change commits, so that a day written and its month
    closed at the same moment happen one after the other: the later one sees the earlier.

    (PostgreSQL locks the row; SQLite has one writer at a time already.)
    """
    db.session.execute(
        sa.select(Placement.id).where(Placement.id == placement.id).with_for_update()
    )


def _check_entry(entry: Entry) -> None:
    if entry.presence in ABSENCES and entry.hours is not None:
        raise DomainError(_l("Leave the hours empty on a day of absence."), field="hours")
    if entry.presence == Presence.PRESENT and entry.hours is None:
        raise DomainError(_l("Enter the hours of a day present."), field="hours")
    if entry.hours is not None and not Decimal(0) <= entry.hours <= MOST_HOURS:
        raise DomainError(_l("Enter the hours as a number from 0 to 24."), field="hours")
    if len(entry.note) > NOTE_LENGTH:
        raise DomainError(
            _l("Keep the note within %(max)d characters.", max=NOTE_LENGTH), field="note"
        )


def _check_day(placement: Placement, day: date) -> None:
    if day > dates.today():
        raise DomainError(_l("A day that has not yet come cannot be recorded."))
    if not days.within_period(placement, day):
        raise DomainError(_l("The day is outside the workshop period."))


def is_closed(placement: Placement, month: date) -> bool:
    stmt = sa.select(ClosedMonth.id).where(
        ClosedMonth.placement_id == placement.id, ClosedMonth.month == month
    )
    return db.session.scalar(stmt) is not None


def revisions(placement: Placement, day: date) -> list[DailyRecord]:
    """The day's entries, the first written first; the last one counts."""
    stmt = (
        sa.select(DailyRecord)
        .where(DailyRecord.placement_id == placement.id, DailyRecord.day == day)
        .order_by(DailyRecord.revision)
    )
    return list(db.session.scalars(stmt))


def _apply(record: DailyRecord, actor: User, entry: Entry) -> None:
    record.presence = entry.presence
    record.hours = entry.hours
    record.note = entry.note
    record.qualification_unit = entry.qualification_unit
    record.recorded_by_id = actor.id
    record.recorded_at = utcnow()


def _flush() -> None:
    try:
        db.session.flush()
    except sa.exc.IntegrityError as error:
        raise ConcurrentEntry() from error


def record_day(actor: User, placement: Placement, day: date, entry: Entry) -> DailyRecord:
    """Write the day's entry, or change it while its month is open."""
    if not may_record(actor, placement):
        raise NotPermitted(_l("Only the workshop's coaches and coordinators record the days."))
    if placement.status not in RECORDING:
        raise DomainError(_l("Days are recorded while the workshop period is ongoing."))
    _check_day(placement, day)
    _check_entry(entry)
    _hold(placement)
    if is_closed(placement, days.month_of(day)):
        raise MonthClosed(
            _l("The month has been closed. Make a correction with its reason instead.")
        )
    existing = revisions(placement, day)
    record = existing[-1] if existing else DailyRecord(placement_id=placement.id, day=day)
    _apply(record, actor, entry)
    db.session.add(record)
    _flush()
    return record


def correct_day(
    actor: User, placement: Placement, day: date, entry: Entry, reason: str
) -> DailyRecord:
    """A new revision of a day of a closed month, kept beside the one it corrects."""
    if not may_record(actor, placement):
        raise NotPermitted(_l("Only the workshop's coaches and coordinators record the days."))
    if placement.status not in CORRECTING:
        raise DomainError(_l("The days of this placement are not recorded."))
    _check_day(placement, day)
    _check_entry(entry)
    reason = reason.strip()
    if not reason:
        raise DomainError(_l("Say why the day is corrected."), field="reason")
    if len(reason) > REASON_LENGTH:
        raise DomainError(
            _l("Keep the reason within %(max)d characters.", max=REASON_LENGTH),
            field="reason",
        )
    _hold(placement)
    if not is_closed(placement, days.month_of(day)):
        raise DomainError(_l("The month is open: change the day's entry instead."))
    existing = revisions(placement, day)
    record = DailyRecord(
        placement_id=placement.id,
        day=day,
        revision=existing[-1].revision + 1 if existing else 1,
        correction_reason=reason,
    )
    _apply(record, actor, entry)
    db.session.add(record)
    _flush()
    # The timeline names the day only: the reason may concern the young person's health, and a
    # third party on the team reads the timeline but not the daily records.
    steps.record_step(placement, actor, StepKind.RECORDS_DAY_CORRECTED, comment=day.isoformat())
    audit.record("daily_records.corrected", actor=actor, target=placement, day=day.isoformat())
    return record


def _check_month(month: date) -> None:
    if month > days.month_of(dates.today()):
        raise DomainError(_l("Only a past month or the current one can be closed."))


def _overlaps(placement: Placement, month: date) -> bool:
    last = days.last_day(placement)
    return days.first_day(placement) < days.next_month(month) and (last is None or last >= month)


def _close(actor: User, placement: Placement, month: date) -> ClosedMonth | None:
    """Close the month unless someone has just done so (then None)."""
    _hold(placement)
    if is_closed(placement, month):
        return None
    closed = ClosedMonth(placement_id=placement.id, month=month, closed_by_id=actor.id)
    db.session.add(closed)
    db.session.flush()
    steps.record_step(placement, actor, StepKind.RECORDS_MONTH_CLOSED, comment=f"{month:%Y-%m}")
    audit.record(
        "daily_records.month_closed", actor=actor, target=placement, month=f"{month:%Y-%m}"
    )
    return closed


def close_month(actor: User, placement: Placement, month: date) -> ClosedMonth:
    """Confirm one month of one workshop period: its days are final, changes are corrections."""
    if not may_close(actor, placement):
        raise NotPermitted(_l("Only the workshop's coordinators close a month."))
    month = days.month_of(month)
    _check_month(month)
    if placement.status not in CORRECTING or not _overlaps(placement, month):
        raise DomainError(_l("The workshop period has no days in that month."))
    closed = _close(actor, placement, month)
    if closed is None:
        raise DomainError(_l("The month has already been closed."))
    return closed


def close_party_month(actor: User, placements: Iterable[Placement], month: date) -> int:
    """Close the month for each of the party's periods not yet closed; how many were."""
    month = days.month_of(month)
    _check_month(month)
    if not actor.is_coordinator:
        raise NotPermitted(_l("Only the workshop's coordinators close a month."))
    closed = 0
    for placement in placements:
        if may_close(actor, placement) and _overlaps(placement, month):
            closed += _close(actor, placement, month) is not None
    if not closed:
        raise DomainError(_l("Every workshop period of the month has already been closed."))
    return closed
