"""Finding daily records: the day screen's periods and their entries, a period's month and
the periods whose month a coordinator closes.

Every query starts from the policy's scopes, and asks for a page of periods at once (no
statement per trainee).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from portal.auth.models import User
from portal.core import dates
from portal.daily_records import days
from portal.daily_records.models import ABSENCES, ClosedMonth, DailyRecord, Presence
from portal.daily_records.policy import readable_scope, writable_scope
from portal.daily_records.service import CORRECTING
from portal.extensions import db
from portal.placements.models import Placement, PlacementStatus


def _within(day: date) -> sa.ColumnElement[bool]:
    first = sa.func.coalesce(Placement.started_on, Placement.start_on)
    last = sa.func.coalesce(Placement.ended_on, Placement.end_on)
    return sa.and_(first <= day, sa.or_(last.is_(None), last >= day))


def recordable(user: User, day: date) -> sa.Select[Any]:
    """The ongoing workshop periods the user writes the day of, by reference."""
    return (
        sa.select(Placement)
        .where(writable_scope(user), Placement.status == PlacementStatus.ONGOING, _within(day))
        .options(selectinload(Placement.units))
        .order_by(Placement.reference, Placement.id)
    )


def readable(user: User, placement_id: int) -> Placement | None:
    """One workshop period whose records the user reads, with its team and parties."""
    stmt = (
        sa.select(Placement)
        .where(readable_scope(user), Placement.id == placement_id)
        .options(
            joinedload(Placement.sender),
            joinedload(Placement.receiver),
            selectinload(Placement.units),
            selectinload(Placement.team),
        )
    )
    return db.session.scalars(stmt).first()


def writable(user: User, placement_id: int) -> Placement | None:
    stmt = (
        sa.select(Placement)
        .where(writable_scope(user), Placement.id == placement_id)
        .options(selectinload(Placement.units), selectinload(Placement.team))
    )
    return db.session.scalars(stmt).first()


def latest_of_day(placement_ids: list[int], day: date) -> dict[int, DailyRecord]:
    """The entry that counts on ``day`` for each of the periods (its latest revision)."""
    if not placement_ids:
        return {}
    stmt = (
        sa.select(DailyRecord)
        .where(DailyRecord.placement_id.in_(placement_ids), DailyRecord.day == day)
        .order_by(DailyRecord.revision)
    )
    return {record.placement_id: record for record in db.session.scalars(stmt)}


def closed_of_month(placement_ids: list[int], month: date) -> dict[int, ClosedMonth]:
    if not placement_ids:
        return {}
    stmt = (
        sa.select(ClosedMonth)
        .where(ClosedMonth.placement_id.in_(placement_ids), ClosedMonth.month == month)
        .options(joinedload(ClosedMonth.closed_by))
    )
    return {closed.placement_id: closed for closed in db.session.scalars(stmt)}


@dataclass
class Day:
    day: date
    # Every revision, the first written first; the last one counts.
    entries: list[DailyRecord] = field(default_factory=list)
    holiday: str | None = None

    @property
    def latest(self) -> DailyRecord | None:
        return self.entries[-1] if self.entries else None

    @property
    def weekend(self) -> bool:
        return days.is_weekend(self.day)


@dataclass
class Month:
    month: date
    days: list[Day]
    closed: ClosedMonth | None
    present_days: int = 0
    hours: Decimal = Decimal(0)
    absences: dict[Presence, int] = field(default_factory=dict)


def month_of(placement: Placement, month: date) -> Month:
    """The period's days of the month up to today, with their entries and the month's totals."""
    stmt = (
        sa.select(DailyRecord)
        .where(
            DailyRecord.placement_id == placement.id,
            DailyRecord.day >= month,
            DailyRecord.day < days.next_month(month),
        )
        .options(joinedload(DailyRecord.recorded_by))
        .order_by(DailyRecord.day, DailyRecord.revision)
    )
    by_day: dict[date, list[DailyRecord]] = defaultdict(list)
    for record in db.session.scalars(stmt):
        by_day[record.day].append(record)
    today = dates.today()
    shown = []
    for day in days.month_days(month):
        holiday = days.holiday_name(day)
        # A weekday of the period so far, and any day written (a weekend's work included).
        expected = not (holiday or days.is_weekend(day)) and day <= today
        if day in by_day or (expected and days.within_period(placement, day)):
            shown.append(Day(day, by_day.get(day, []), holiday))
    result = Month(month, shown, closed_of_month([placement.id], month).get(placement.id))
    result.absences = {kind: 0 for kind in ABSENCES}
    for item in shown:
        latest = item.latest
        if latest is None:
            continue
        if latest.presence == Presence.PRESENT:
            result.present_days += 1
            result.hours += latest.hours or Decimal(0)
        else:
            result.absences[latest.presence] += 1
    return result


def closable(user: User, month: date) -> sa.Select[Any]:
    """The user's workshop's periods with days in ``month`` that are not closed yet."""
    first = sa.func.coalesce(Placement.started_on, Placement.start_on)
    last = sa.func.coalesce(Placement.ended_on, Placement.end_on)
    closed = sa.select(ClosedMonth.placement_id).where(ClosedMonth.month == month)
    return (
        sa.select(Placement)
        .where(
            writable_scope(user),
            Placement.status.in_(CORRECTING),
            first < days.next_month(month),
            sa.or_(last.is_(None), last >= month),
            Placement.id.not_in(closed),
        )
        .order_by(Placement.reference, Placement.id)
    )


def recorded_counts(placement_ids: list[int], month: date) -> dict[int, int]:
    """How many days of ``month`` each period has an entry for."""
    if not placement_ids:
        return {}
    stmt = (
        sa.select(DailyRecord.placement_id, sa.func.count(sa.distinct(DailyRecord.day)))
        .where(
            DailyRecord.placement_id.in_(placement_ids),
            DailyRecord.day >= month,
            DailyRecord.day < days.next_month(month),
        )
        .group_by(DailyRecord.placement_id)
    )
    return {placement_id: count for placement_id, count in db.session.execute(stmt)}
