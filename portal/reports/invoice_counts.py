"""The invoice bases' figures for the reports, counted apart from their layout
(:mod:`portal.reports.invoice_reports` lays them out): the sums of each basis, of each month
and of them all, and how much of it the education providers confirmed.

:func:`count` counts bases already summed (:func:`portal.invoicing.sums.month_sums`) with
their states, so it is tested with figures counted by hand; :func:`invoice_counts` reads the
user's bases and counts them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from portal.auth.models import User
from portal.core.dates import today
from portal.core.params import FIRST_YEAR
from portal.extensions import db
from portal.invoicing.models import BasisState, InvoiceBasis
from portal.invoicing.service import state_of
from portal.invoicing.sums import MonthSum, month_sums
from portal.placements.models import Placement
from portal.reports.filters import Filters
from portal.reports.policy import counted_placements, may_read_reports

Key = tuple[int, int, date]
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Sums:
    """Support days, their amount, instalments, bonuses, the total and provisional."""

    days: int
    days_amount: Decimal
    instalments: Decimal
    bonuses: Decimal
    amount: Decimal
    provisional: bool

    @classmethod
    def of(cls, sums: Iterable[MonthSum]) -> Sums:
        found = list(sums)
        return cls(
            sum(s.days for s in found),
            sum((s.amount for s in found), ZERO),
            sum((s.instalments_amount for s in found), ZERO),
            sum((s.bonuses_amount for s in found), ZERO),
            sum((s.total for s in found), ZERO),
            any(s.provisional for s in found),
        )

    def row(self) -> list[Any]:
        """In the order of the report's columns."""
        return [
            self.days,
            self.days_amount,
            self.instalments,
            self.bonuses,
            self.amount,
            self.provisional,
        ]


@dataclass(frozen=True)
class BasisSums:
    workshop_id: int
    provider_id: int
    month: date
    sums: Sums
    state: BasisState


@dataclass(frozen=True)
class InvoiceCounts:
    bases: list[BasisSums]
    # The bases of each month together, the months in order.
    months: dict[date, Sums]
    totals: Sums
    # The totals of the bases the education provider confirmed on their current figures.
    confirmed: Decimal

    @property
    def party_ids(self) -> set[int]:
        return {pid for b in self.bases for pid in (b.workshop_id, b.provider_id)}


def count(sums: dict[Key, MonthSum], states: dict[Key, BasisState]) -> InvoiceCounts:
    """The figures of the bases that have something to invoice."""
    sums = {key: value for key, value in sums.items() if value.days or value.total}
    by_month: dict[date, list[MonthSum]] = {}
    for (_w, _p, month), found in sorted(sums.items(), key=lambda item: item[0][2]):
        by_month.setdefault(month, []).append(found)
    return InvoiceCounts(
        bases=[BasisSums(*key, Sums.of([value]), states[key]) for key, value in sums.items()],
        months={month: Sums.of(of_month) for month, of_month in by_month.items()},
        totals=Sums.of(sums.values()),
        confirmed=sum(
            (s.total for k, s in sums.items() if states[k] == BasisState.CONFIRMED), ZERO
        ),
    )


def _own(user: User) -> sa.ColumnElement[bool]:
    """The periods of bases the user's party is one of (every one for the administrator)."""
    if not may_read_reports(user):
        return sa.false()
    if user.is_admin:
        return sa.true()
    return sa.and_(
        counted_placements(user),
        sa.or_(
            Placement.receiver_party_id == user.party_id,
            Placement.sender_party_id == user.party_id,
        ),
    )


def _states(sums: dict[Key, MonthSum]) -> dict[Key, BasisState]:
    """Each basis's state as its parties read it, in one query."""
    if not sums:
        return {}
    months = {key[2] for key in sums}
    records = db.session.scalars(
        sa.select(InvoiceBasis).where(InvoiceBasis.month.between(min(months), max(months)))
    )
    found = {(r.workshop_id, r.provider_id, r.month): r for r in records}
    return {key: state_of(found.get(key), value) for key, value in sums.items()}


def invoice_counts(user: User, filters: Filters) -> InvoiceCounts:
    """The user's bases of the filters' year (every year without one) and party, counted."""
    first = date(filters.year or FIRST_YEAR, 1, 1)
    last = date(filters.year or today().year, 12, 31)
    sums = month_sums(first, last, _own(user), filters.involving_party())
    sums = {key: value for key, value in sums.items() if value.days or value.total}
    return count(sums, _states(sums))
