"""Support days counted from the daily records: per placement, per month and per part of the
month with the same terms (price and paid absences), as the support-days report and the
invoice basis read them.

A day counts when its latest revision says the trainee was present, or absent for a reason the
terms in force that day pay for (:mod:`portal.placements.terms_in_force`). A weekend or a
Finnish public holiday never counts, whatever was entered for it: the holidays come from the
``holidays`` package, so that they follow the law without a list kept here. A month's figures
are final once the workshop's coordinator has closed it; until then they are provisional.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache

import holidays
import sqlalchemy as sa

from portal.daily_records.models import ClosedMonth, DailyRecord, Presence
from portal.extensions import db
from portal.placements.terms_in_force import DayTerms, Schedule


@lru_cache(maxsize=64)
def _holidays_of(year: int) -> frozenset[date]:
    return frozenset(holidays.Finland(years=year))


def is_public_holiday(day: date) -> bool:
    return day in _holidays_of(day.year)


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a Finnish public holiday (Midsummer Eve and Christmas Eve
    included, as the ``holidays`` package has them)."""
    return day.weekday() < 5 and not is_public_holiday(day)


def working_days(first: date, last: date) -> int:
    """The working days from ``first`` to ``last``, both included."""
    return sum(
        1 for n in range((last - first).days + 1) if is_working_day(first + timedelta(days=n))
    )


def months(first: date, last: date) -> list[tuple[date, date, date]]:
    """Each month touched by [first, last]: its first day, and the part of the range in it."""
    found = []
    month = first.replace(day=1)
    while month <= last:
        following = (month + timedelta(days=32)).replace(day=1)
        found.append((month, max(first, month), min(last, following - timedelta(days=1))))
        month = following
    return found


@dataclass
class PartCount:
    """The days of one part of a month with the same terms."""

    first: date
    last: date
    terms: DayTerms
    present: int = 0
    paid_absences: int = 0
    unpaid_absences: int = 0

    @property
    def price(self) -> Decimal | None:
        return self.terms.price

    @property
    def support_days(self) -> int:
        return self.present + self.paid_absences

    @property
    def working_days(self) -> int:
        """The part's working days, recorded or not: what an estimate counts."""
        return working_days(self.first, self.last)


@dataclass
class MonthCount:
    """One month of one placement, within the range counted."""

    placement_id: int
    month: date
    parts: list[PartCount]
    closed: bool = False
    # Entries on a weekend or a public holiday: kept, shown, never counted.
    ignored: int = 0
    # Was anything at all recorded for the month (also an ignored entry)?
    recorded: bool = False

    @property
    def present(self) -> int:
        return sum(p.present for p in self.parts)

    @property
    def paid_absences(self) -> int:
        return sum(p.paid_absences for p in self.parts)

    @property
    def unpaid_absences(self) -> int:
        return sum(p.unpaid_absences for p in self.parts)

    @property
    def support_days(self) -> int:
        return sum(p.support_days for p in self.parts)

    @property
    def recorded_weekdays(self) -> int:
        """Working days with an entry, whatever it says."""
        return self.present + self.paid_absences + self.unpaid_absences


@dataclass
class Counts:
    months: dict[tuple[int, date], MonthCount] = field(default_factory=dict)
    by_placement: dict[int, list[MonthCount]] = field(default_factory=dict)

    def of(self, placement_id: int) -> list[MonthCount]:
        """The placement's months in order."""
        return self.by_placement.get(placement_id, [])

    def get(self, placement_id: int, month: date) -> MonthCount | None:
        return self.months.get((placement_id, month))


def count_months(
    spans: Mapping[int, tuple[date, date]], schedules: Mapping[int, Schedule]
) -> Counts:
    """For each placement's span (the days to count, e.g. the period held within a year):
    every month of it split by its terms, with the days found in the records. Two queries
    whatever the number of placements: the latest revision of each day, and the closed months.
    """
    counts = Counts()
    parts_of: dict[int, list[PartCount]] = {}
    for placement_id, (first, last) in spans.items():
        schedule = schedules.get(placement_id, Schedule(DayTerms(None)))
        every_part = []
        for month, start, end in months(first, last) if first <= last else []:
            parts = [PartCount(a, b, terms) for a, b, terms in schedule.parts(start, end)]
            found = MonthCount(placement_id, month, parts)
            counts.months[(placement_id, month)] = found
            counts.by_placement.setdefault(placement_id, []).append(found)
            every_part.extend(parts)
        parts_of[placement_id] = every_part
    if not counts.months:
        return counts
    first = min(first for first, last in spans.values() if first <= last)
    last = max(last for first, last in spans.values() if first <= last)
    ids = list(parts_of)
    for placement_id, day, presence in db.session.execute(_latest_days(ids, first, last)):
        _add(counts, parts_of[placement_id], placement_id, day, presence)
    closed = sa.select(ClosedMonth.placement_id, ClosedMonth.month).where(
        ClosedMonth.placement_id.in_(ids),
        ClosedMonth.month.between(first.replace(day=1), last),
    )
    for placement_id, month in db.session.execute(closed):
        closed_month = counts.get(placement_id, month)
        if closed_month is not None:
            closed_month.closed = True
    return counts


def _latest_days(ids: list[int], first: date, last: date) -> sa.Select[int, date, Presence]:
    """The latest revision of each recorded day of the placements from ``first`` to ``last``."""
    latest = (
        sa.select(
            DailyRecord.placement_id,
            DailyRecord.day,
            sa.func.max(DailyRecord.revision).label("revision"),
        )
        .where(DailyRecord.placement_id.in_(ids), DailyRecord.day.between(first, last))
        .group_by(DailyRecord.placement_id, DailyRecord.day)
        .subquery()
    )
    return sa.select(DailyRecord.placement_id, DailyRecord.day, DailyRecord.presence).join(
        latest,
        sa.and_(
            DailyRecord.placement_id == latest.c.placement_id,
            DailyRecord.day == latest.c.day,
            DailyRecord.revision == latest.c.revision,
        ),
    )


def _add(
    counts: Counts, parts: list[PartCount], placement_id: int, day: date, presence: Presence
) -> None:
    month = counts.months.get((placement_id, day.replace(day=1)))
    part = next((p for p in parts if p.first <= day <= p.last), None)
    if month is None or part is None:
        return  # a day outside the span counted (e.g. after an interruption)
    month.recorded = True
    if not is_working_day(day):
        month.ignored += 1
    elif presence == Presence.PRESENT:
        part.present += 1
    elif presence.value in {kind.value for kind in part.terms.paid_absences}:
        part.paid_absences += 1
    else:
        part.unpaid_absences += 1
