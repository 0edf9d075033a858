"""Counting support days (see :mod:`portal.reports.support_days` for the definition): the
workshop periods as the report reads them, and their support days and amounts per workshop
and education provider, per month and per both. Only sums leave this module; the report's
tables and words are laid out in :mod:`portal.reports.support_days`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from portal.auth.models import User
from portal.core.i18n import HELSINKI
from portal.extensions import db
from portal.placements.models import Direction, Placement, PlacementAgreement, PlacementStatus
from portal.reports.filters import Filters
from portal.reports.policy import counted_placements
from portal.reports.tables import Row

S = PlacementStatus
HELD = (S.ONGOING, S.COMPLETED, S.INTERRUPTED)
Price = Decimal | None


def weekdays(first: date, last: date) -> int:
    """The number of Mondays to Fridays from ``first`` to ``last``, both included."""
    if last < first:
        return 0
    weeks, extra = divmod((last - first).days + 1, 7)
    start = first.weekday()
    return weeks * 5 + sum(1 for n in range(extra) if (start + n) % 7 < 5)


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
    daily_price: Price
    # Prices agreed later by amendment: (the first day it applies, the price), in order.
    price_changes: tuple[tuple[date, Price], ...] = ()

    def priced_parts(self, first: date, last: date) -> list[tuple[date, date, Price]]:
        """``first``–``last`` split where an amendment changed the price, with each part's."""
        parts = []
        price, start = self.daily_price, first
        for changed_on, new_price in self.price_changes:
            if changed_on > last:
                break
            if changed_on > start:
                parts.append((start, changed_on - timedelta(days=1), price))
                start = changed_on
            price = new_price
        parts.append((start, last, price))
        return parts

    def held(self, today: date) -> tuple[date, date]:
        """The first and the last day the period was held (so far)."""
        if self.status in (S.COMPLETED, S.INTERRUPTED) and self.ended_on is not None:
            return self.started_on, self.ended_on
        planned = self.end_on if self.end_on is not None else today
        return self.started_on, min(today, planned)


def months(first: date, last: date) -> list[tuple[date, date, date]]:
    """Each month touched by [first, last]: its first day, and the part of the range in it."""
    found = []
    month = first.replace(day=1)
    while month <= last:
        following = (month + timedelta(days=32)).replace(day=1)
        found.append((month, max(first, month), min(last, following - timedelta(days=1))))
        month = following
    return found


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
    schedules = _price_schedules([row[0] for row in rows])
    found = []
    for id_, workshop, provider, status, started, ended, end, price in rows:
        assert started is not None  # selected so
        first_price, changes = schedules.get(id_, (price, ()))
        found.append(
            Period(id_, workshop, provider, status, started, ended, end, first_price, changes)
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


def _price_schedules(
    placement_ids: list[int],
) -> dict[int, tuple[Price, tuple[tuple[date, Price], ...]]]:
    """For each placement with agreed versions: the first version's price, and each later
    agreed change of price from the day both parties had signed it."""
    if not placement_ids:
        return {}
    versions = db.session.scalars(
        sa.select(PlacementAgreement)
        .where(PlacementAgreement.placement_id.in_(placement_ids))
        .options(selectinload(PlacementAgreement.signatures))
        .order_by(PlacementAgreement.placement_id, PlacementAgreement.number)
    )
    agreed: dict[int, list[tuple[date, Price]]] = defaultdict(list)
    for version in versions:
        if not version.is_signed_by_both:
            continue
        signed = max(s.signed_at for s in version.signatures).astimezone(HELSINKI).date()
        # A version records its terms as placements.agreements.snapshot writes them.
        raw = version.terms.get("terms", {}).get("daily_price")
        agreed[version.placement_id].append((signed, Decimal(raw) if raw is not None else None))
    schedules = {}
    for placement_id, prices in agreed.items():
        first_price = prices[0][1]
        changes, current = [], first_price
        for day, price in prices[1:]:
            if price != current:
                changes.append((day, price))
                current = price
        schedules[placement_id] = (first_price, tuple(changes))
    return schedules


@dataclass
class Tally:
    periods: set[int]
    days: int = 0
    amount: Decimal = Decimal("0.00")

    def add(self, period: Period, days: int, price: Price) -> None:
        if days:
            self.periods.add(period.id)
            self.days += days
            if price is not None:
                self.amount += days * price

    def cells(self) -> Row:
        return [len(self.periods), self.days, self.amount]


def _tally() -> Tally:
    return Tally(set())


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


def count(found: list[Period], year: int | None, today: date) -> SupportDays:
    """Sum the support days of the periods held up to ``today``, within ``year`` if given."""
    counts = SupportDays()
    for period in found:
        first, last = period.held(today)
        if year is not None:
            first = max(first, date(year, 1, 1))
            last = min(last, date(year, 12, 31))
        unpriced_days = 0
        pair = (period.workshop_id, period.provider_id)
        for month, start, end in months(first, last) if first <= last else []:
            for part_start, part_end, price in period.priced_parts(start, end):
                days = weekdays(part_start, part_end)
                for tally in (
                    counts.by_pair[pair],
                    counts.by_month[month],
                    counts.by_pair_month[(month, *pair)],
                    counts.total,
                ):
                    tally.add(period, days, price)
                if price is None:
                    unpriced_days += days
        if unpriced_days:
            counts.unpriced += 1
    return counts
