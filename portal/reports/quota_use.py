"""Counting quota use (see :mod:`portal.reports.quota_reports` for the definitions): the
quotas a user's report counts, and their places and place-days reserved and in use, per
workshop and education provider, and by month. Only sums leave this module; the report's
tables and words are laid out in :mod:`portal.reports.quota_reports`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa

from portal.auth.models import User
from portal.extensions import db
from portal.quotas.models import Quota
from portal.quotas.occupancy import intervals
from portal.quotas.overlap import Interval, clip
from portal.quotas.policy import reported_quotas
from portal.quotas.queries import with_places
from portal.reports.filters import Filters
from portal.reports.policy import may_read_reports
from portal.reports.support_day_counts import months
from portal.reports.tables import Row, share


def counted_condition(user: User) -> sa.ColumnElement[bool]:
    return reported_quotas(user) if may_read_reports(user) else sa.false()


def _of_filters(filters: Filters) -> list[sa.ColumnElement[bool]]:
    conditions: list[sa.ColumnElement[bool]] = []
    if filters.party_id is not None:
        conditions.append(
            sa.or_(Quota.workshop_id == filters.party_id, Quota.provider_id == filters.party_id)
        )
    if filters.year is not None:
        # A quota counts in every year its period touches.
        conditions += [
            Quota.start_on <= date(filters.year, 12, 31),
            Quota.end_on >= date(filters.year, 1, 1),
        ]
    return conditions


def counted_quotas(user: User, filters: Filters) -> list[Quota]:
    """The quotas the user's report counts, with their places and placements, in few queries."""
    stmt = (
        sa.select(Quota)
        .where(counted_condition(user), *_of_filters(filters))
        .options(*with_places())
        .order_by(Quota.id)
    )
    return list(db.session.scalars(stmt))


def days(interval: Interval) -> int:
    return (interval[1] - interval[0]).days + 1


@dataclass
class Tally:
    quotas: int = 0
    places: int = 0
    released: int = 0
    reserved_days: int = 0
    used_days: int = 0

    def cells(self) -> Row:
        return [
            self.quotas,
            self.places,
            self.reserved_days,
            self.used_days,
            share(self.used_days, self.reserved_days),
            self.released,
        ]

    def month_cells(self) -> Row:
        return [self.reserved_days, self.used_days, share(self.used_days, self.reserved_days)]


def _window(quota: Quota, year: int | None) -> Interval | None:
    """The quota's period, within the year when one is chosen."""
    if year is None:
        return (quota.start_on, quota.end_on)
    return clip((quota.start_on, quota.end_on), (date(year, 1, 1), date(year, 12, 31)))


@dataclass
class QuotaUse:
    """The quotas' use summed per workshop and education provider, by month and in all."""

    by_pair: dict[tuple[int, int], Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_month: dict[date, Tally] = field(default_factory=lambda: defaultdict(Tally))
    total: Tally = field(default_factory=Tally)
    # The names of the parties in ``by_pair``, as read with the quotas.
    names: dict[int, str] = field(default_factory=dict)


def count(quotas: list[Quota], year: int | None) -> QuotaUse:
    """Sum the places and place-days of the quotas, within ``year`` if given."""
    use = QuotaUse()
    for quota in quotas:
        window = _window(quota, year)
        if window is None:
            continue
        # The places as reserved: those that went back at the reply-by date included.
        reserved = quota.places + quota.released_places
        used = [c for c in (clip(i, window) for i in intervals(quota.allocations)) if c is not None]
        use.names[quota.workshop_id] = quota.workshop.name
        use.names[quota.provider_id] = quota.provider.name
        pair = use.by_pair[(quota.workshop_id, quota.provider_id)]
        for tally in (pair, use.total):
            tally.quotas += 1
            tally.places += reserved
            tally.released += quota.released_places
            tally.reserved_days += reserved * days(window)
            tally.used_days += sum(days(i) for i in used)
        for month, first, last in months(*window):
            in_month = use.by_month[month]
            in_month.reserved_days += reserved * days((first, last))
            in_month.used_days += sum(
                days(c) for c in (clip(i, (first, last)) for i in used) if c is not None
            )
    return use
