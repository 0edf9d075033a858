"""The invoice basis: what a workshop invoices one education provider for one month.

Per workshop period held in the month, a line of support days: the days counted from the
daily records (:mod:`portal.daily_records.counting`: weekends and Finnish public holidays left
out, absences only where the terms in force that day pay for them) times the daily price in
force each day (:mod:`portal.placements.terms_in_force`, amendments included). Each line
names the placement by its reference only, never the young person.

Money is ``Decimal`` throughout. As a Finnish invoice does, each line's amount is rounded once
to cents, half up (``ROUND_HALF_UP``: 0,005 € → 0,01 €), and the total is the sum of the
lines as they are shown, so that the lines on the invoice add up to its total.

A month is final once the workshop's coordinator has closed it for the period; while any
line's month is open the whole basis is provisional.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import sqlalchemy as sa

from portal.daily_records.counting import count_months
from portal.extensions import db
from portal.parties.models import Party
from portal.placements.enums import PaidAbsence
from portal.placements.models import Direction, Placement, PlacementStatus
from portal.placements.terms_in_force import DayTerms, schedules

S = PlacementStatus
HELD = (S.ONGOING, S.COMPLETED, S.INTERRUPTED)
CENT = Decimal("0.01")


def to_cents(amount: Decimal) -> Decimal:
    """Round once to cents, half up, as Finnish invoicing does."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def month_last_day(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


@dataclass(frozen=True)
class PricePart:
    """Days of one line at one daily price (a price changed mid-month makes two)."""

    first: date
    last: date
    days: int
    price: Decimal | None

    @property
    def amount(self) -> Decimal:
        """Not rounded: the line rounds its sum once."""
        return self.days * self.price if self.price is not None else Decimal(0)


@dataclass(frozen=True)
class Line:
    """One line of the basis: support days of one workshop period."""

    placement_id: int
    reference: str
    parts: tuple[PricePart, ...]
    # The month closed for this period by the workshop's coordinator.
    closed: bool

    @property
    def days(self) -> int:
        return sum(p.days for p in self.parts)

    @property
    def amount(self) -> Decimal:
        return to_cents(sum((p.amount for p in self.parts), Decimal(0)))

    @property
    def unpriced_days(self) -> int:
        """Days on which no daily price was agreed: counted, not priced."""
        return sum(p.days for p in self.parts if p.price is None)


@dataclass
class Basis:
    workshop: Party
    provider: Party
    month: date
    lines: list[Line] = field(default_factory=list)

    @property
    def provisional(self) -> bool:
        return any(not line.closed for line in self.lines)

    @property
    def days(self) -> int:
        return sum(line.days for line in self.lines)

    @property
    def total(self) -> Decimal:
        """The sum of the lines' rounded amounts: nothing is rounded again."""
        return sum((line.amount for line in self.lines), Decimal("0.00"))

    def line_of(self, placement_id: int) -> Line | None:
        return next((line for line in self.lines if line.placement_id == placement_id), None)

    @property
    def fingerprint(self) -> str:
        """What a confirmation or a dispute was given on: if the figures change later (a
        correction in the records), the decision no longer holds."""
        text = "|".join(
            f"{line.placement_id}:{line.days}:{line.amount}:{line.closed}" for line in self.lines
        )
        return hashlib.sha256(text.encode()).hexdigest()


def _held_in(month: date) -> sa.ColumnElement[bool]:
    last = month_last_day(month)
    return sa.and_(
        Placement.started_on.is_not(None),
        Placement.started_on <= last,
        sa.or_(Placement.ended_on.is_(None), Placement.ended_on >= month),
    )


def _own_terms(row: Any) -> DayTerms:
    paid = ((PaidAbsence.ILL, row.ill_days_paid), (PaidAbsence.AGREED_LEAVE, row.agreed_leave_paid))
    return DayTerms(row.daily_price, frozenset(kind for kind, flag in paid if flag))


def count(workshop: Party, provider: Party, month: date) -> Basis:
    """The basis of ``month`` (its first day): four queries whatever the number of periods."""
    month = month.replace(day=1)
    last = month_last_day(month)
    rows = list(
        db.session.execute(
            sa.select(
                Placement.id,
                Placement.reference,
                Placement.started_on,
                Placement.ended_on,
                Placement.daily_price,
                Placement.ill_days_paid,
                Placement.agreed_leave_paid,
            )
            .where(
                Placement.direction == Direction.TO_WORKSHOP,
                Placement.receiver_party_id == workshop.id,
                Placement.sender_party_id == provider.id,
                Placement.status.in_(HELD),
                _held_in(month),
            )
            .order_by(Placement.reference, Placement.id)
        )
    )
    spans = {row.id: (max(row.started_on, month), min(row.ended_on or last, last)) for row in rows}
    counted = count_months(spans, schedules({row.id: _own_terms(row) for row in rows}))
    basis = Basis(workshop, provider, month)
    for row in rows:
        found = counted.get(row.id, month)
        if found is None:
            continue
        parts = tuple(PricePart(p.first, p.last, p.support_days, p.price) for p in found.parts)
        basis.lines.append(Line(row.id, row.reference, parts, found.closed))
    return basis
