"""Counting support days (see :mod:`portal.reports.support_days` for the definition): the
workshop periods as the report reads them, and their support days and amounts per workshop
and education provider, per month and per both. The days themselves are counted from the
daily records by :mod:`portal.daily_records.counting`; only sums leave this module, and the
report's tables and words are laid out in :mod:`portal.reports.support_days`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import sqlalchemy as sa

from portal.auth.models import User
from portal.daily_records.counting import Counts, MonthCount, count_months, months
from portal.extensions import db
from portal.placements.enums import PaidAbsence, Pricing
from portal.placements.models import Direction, Placement, PlacementStatus
from portal.placements.terms_in_force import DayTerms, Schedule, schedules
from portal.reports.filters import Filters
from portal.reports.policy import counted_placements

S = PlacementStatus
HELD = (S.ONGOING, S.COMPLETED, S.INTERRUPTED)
Price = Decimal | None

__all__ = ["Period", "SupportDays", "count", "months", "periods", "spans", "support_days"]


@dataclass(frozen=True)
class Period:
    """What the report reads of one workshop period: no reference, no name."""

    id: int
    workshop_id: int
    provider_id: int
    status: PlacementStatus
    started_on: date
    ended_on: date | None
    end_on: date | None
    # The terms in force each day: the price and the absences paid.
    schedule: Schedule = Schedule(DayTerms(None))

    def held(self, today: date) -> tuple[date, date]:
        """The first and the last day the period was held (so far)."""
        if self.status in (S.COMPLETED, S.INTERRUPTED) and self.ended_on is not None:
            return self.started_on, self.ended_on
        planned = self.end_on if self.end_on is not None else today
        return self.started_on, min(today, planned)


def periods(user: User, filters: Filters) -> list[Period]:
    stmt = (
        sa.select(
            Placement.id,
            Placement.receiver_party_id,
            Placement.sender_party_id,
            Placement.status,
            Placement.started_on,
            Placement.ended_on,
            Placement.end_on,
            Placement.daily_price,
            Placement.ill_days_paid,
            Placement.agreed_leave_paid,
            Placement.pricing,
        )
        .where(
            counted_placements(user),
            filters.involving_party(),
            Placement.direction == Direction.TO_WORKSHOP,
            Placement.status.in_(HELD),
            Placement.started_on.is_not(None),
            _may_have_days_in(filters.year),
        )
        .order_by(Placement.id)
    )
    rows = list(db.session.execute(stmt))
    own = {
        row.id: DayTerms(
            row.daily_price,
            frozenset(
                kind
                for kind, paid in (
                    (PaidAbsence.ILL, row.ill_days_paid),
                    (PaidAbsence.AGREED_LEAVE, row.agreed_leave_paid),
                )
                if paid
            ),
            package=row.pricing == Pricing.PACKAGE,
        )
        for row in rows
    }
    found_schedules = schedules(own)
    found = []
    for row in rows:
        assert row.started_on is not None  # selected so
        found.append(
            Period(
                row.id,
                row.receiver_party_id,
                row.sender_party_id,
                row.status,
                row.started_on,
                row.ended_on,
                row.end_on,
                found_schedules[row.id],
            )
        )
    return found


def _may_have_days_in(year: int | None) -> sa.ColumnElement[bool]:
    """Periods that :func:`count` could find days of in ``year``: started by its end, and not
    ended before it began. Only these are read, not every year's."""
    if year is None:
        return sa.true()
    return sa.and_(
        Placement.started_on <= date(year, 12, 31),
        sa.or_(
            Placement.status.not_in((S.COMPLETED, S.INTERRUPTED)),
            Placement.ended_on.is_(None),
            Placement.ended_on >= date(year, 1, 1),
        ),
    )


def spans(found: list[Period], year: int | None, today: date) -> dict[int, tuple[date, date]]:
    """The days to count of each period: those held up to ``today``, within ``year`` if given."""
    result = {}
    for period in found:
        first, last = period.held(today)
        if year is not None:
            first = max(first, date(year, 1, 1))
            last = min(last, date(year, 12, 31))
        if first <= last:
            result[period.id] = (first, last)
    return result


@dataclass
class Tally:
    periods: set[int]
    days: int = 0
    amount: Decimal = Decimal("0.00")
    # Of the days, those counted from the daily records and those estimated.
    recorded_days: int = 0
    estimated_days: int = 0
    # Does a month counted from the records and not yet closed contribute? An estimate is not
    # provisional: nothing of it was recorded to close (it says it is an estimate instead).
    provisional: bool = False

    def add(self, period: Period, month: Counted) -> None:
        if not month.counts:
            return
        self.periods.add(period.id)
        self.days += month.days
        self.amount += month.amount
        if month.estimated:
            self.estimated_days += month.days
        else:
            self.recorded_days += month.days
        self.provisional = self.provisional or month.provisional

    @property
    def from_records(self) -> bool:
        return bool(self.periods) and not self.estimated_days

    @property
    def estimated(self) -> bool:
        return bool(self.estimated_days) and not self.recorded_days

    def cells(self) -> list[object]:
        return [len(self.periods), self.days, self.amount]


def _tally() -> Tally:
    return Tally(set())


@dataclass(frozen=True)
class Counted:
    """One month of one period as the report counts it."""

    days: int
    amount: Decimal
    estimated: bool
    closed: bool
    # A month counts when it has a support day, or records (perhaps only absences).
    counts: bool
    unpriced_days: int
    # Days of a period priced as a service package: counted, never paid by the day.
    package_days: int = 0

    @property
    def provisional(self) -> bool:
        """Counted from the records of a month not closed yet: the figures may still change."""
        return not self.estimated and not self.closed


def counted_month(month: MonthCount) -> Counted:
    """The month from its records, or, with none at all (e.g. a period from before the
    records were kept), estimated from its working days. A closed month counts its records,
    even none."""
    estimated = not (month.recorded or month.closed)
    days, amount, unpriced, package = 0, Decimal(0), 0, 0
    for part in month.parts:
        part_days = part.working_days if estimated else part.support_days
        days += part_days
        if part.terms.package:
            package += part_days
        elif part.price is None:
            unpriced += part_days
        else:
            amount += part_days * part.price
    return Counted(
        days,
        amount,
        estimated,
        month.closed,
        bool(days) or not estimated,
        unpriced,
        package,
    )


@dataclass
class SupportDays:
    """The support days and amounts of a set of periods, summed three ways and in all."""

    by_pair: dict[tuple[int, int], Tally] = field(default_factory=lambda: defaultdict(_tally))
    by_month: dict[date, Tally] = field(default_factory=lambda: defaultdict(_tally))
    by_pair_month: dict[tuple[date, int, int], Tally] = field(
        default_factory=lambda: defaultdict(_tally)
    )
    total: Tally = field(default_factory=_tally)
    # Periods with days on which no daily price was agreed: their days count, with no amount.
    unpriced: int = 0
    # Periods with days priced as a service package: their days count, with no amount.
    packaged: int = 0
    # What the records' days were counted from, in all.
    present: int = 0
    paid_absences: int = 0
    unpaid_absences: int = 0
    ignored: int = 0
    # Months of a period counted from the records and not yet closed.
    open_months: int = 0


def count(found: list[Period], counted: Counts) -> SupportDays:
    """Sum the support days of the periods' months as counted."""
    result = SupportDays()
    for period in found:
        pair = (period.workshop_id, period.provider_id)
        unpriced = package = 0
        for month in counted.of(period.id):
            this = counted_month(month)
            if not this.counts:
                continue
            for tally in (
                result.by_pair[pair],
                result.by_month[month.month],
                result.by_pair_month[(month.month, *pair)],
                result.total,
            ):
                tally.add(period, this)
            unpriced += this.unpriced_days
            package += this.package_days
            result.open_months += this.provisional
            if not this.estimated:
                result.present += month.present
                result.paid_absences += month.paid_absences
                result.unpaid_absences += month.unpaid_absences
                result.ignored += month.ignored
        result.unpriced += bool(unpriced)
        result.packaged += bool(package)
    return result


def support_days(user: User, filters: Filters, today: date) -> SupportDays:
    """The user's report: the periods, their days to count, and the records of those days."""
    found = periods(user, filters)
    counted = count_months(spans(found, filters.year, today), {p.id: p.schedule for p in found})
    return count(found, counted)
