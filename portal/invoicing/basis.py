"""The invoice basis: what a workshop invoices one education provider for one month.

Per workshop period held in the month, a line of support days: the days counted from the
daily records (:mod:`portal.daily_records.counting`: weekends and Finnish public holidays left
out, absences only where the terms in force that day pay for them) times the daily price in
force each day (:mod:`portal.placements.terms_in_force`, amendments included). Each line
names the placement by its reference only, never the young person. A period priced as a
service package has its days counted but not priced: its package instalments falling due in
the month are invoiced instead (:func:`portal.placements.results.instalments_due`), and the
result bonuses falling due in the month for qualification units completed
(:func:`portal.placements.results.bonuses_due`) are added, each as a line of its own.

Money is ``Decimal`` throughout. As a Finnish invoice does, each line's amount is rounded once
to cents, half up (``ROUND_HALF_UP``: 0,005 € → 0,01 €), and the total is the sum of the
lines as they are shown, so that the lines on the invoice add up to its total.

A month is final once the workshop's coordinator has closed it for the period; while any
line's month is open the whole basis is provisional.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import sqlalchemy as sa

from portal.daily_records.counting import count_months
from portal.extensions import db
from portal.parties.models import Party
from portal.placements.enums import PaidAbsence, Pricing
from portal.placements.models import Direction, Placement, PlacementStatus
from portal.placements.results import bonuses_due, instalments_due
from portal.placements.terms_in_force import DayTerms, schedules

S = PlacementStatus
HELD = (S.ONGOING, S.COMPLETED, S.INTERRUPTED)
AGREED = (S.AGREED, *HELD)
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
    # Priced as a service package: the days are counted, the instalments paid instead.
    package: bool = False

    @property
    def amount(self) -> Decimal:
        """Not rounded: the line rounds its sum once."""
        if self.package or self.price is None:
            return Decimal(0)
        return self.days * self.price


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
        return sum(p.days for p in self.parts if p.price is None and not p.package)


@dataclass(frozen=True)
class Extra:
    """A package instalment or a result bonus due in the month: a sum already in cents."""

    placement_id: int
    reference: str
    due_on: date
    amount: Decimal
    # The qualification unit of a bonus; empty for an instalment.
    unit: str = ""


def fingerprint(lines: list[Line], extras: list[Extra]) -> str:
    """What a confirmation or a dispute was given on: if the figures change later (a
    correction in the records, a unit recorded completed), the decision no longer holds."""
    text = "|".join(
        [f"{line.placement_id}:{line.days}:{line.amount}:{line.closed}" for line in lines]
        + [f"{e.placement_id}:{e.due_on}:{e.amount}:{e.unit}" for e in extras]
    )
    return hashlib.sha256(text.encode()).hexdigest()


class WithExtras:
    """The sums of the instalments and bonuses a basis (or its sums for a report) carries."""

    instalments: list[Extra]
    bonuses: list[Extra]

    @property
    def instalments_amount(self) -> Decimal:
        return sum((e.amount for e in self.instalments), Decimal("0.00"))

    @property
    def bonuses_amount(self) -> Decimal:
        return sum((e.amount for e in self.bonuses), Decimal("0.00"))


@dataclass
class Basis(WithExtras):
    workshop: Party
    provider: Party
    month: date
    lines: list[Line] = field(default_factory=list)
    instalments: list[Extra] = field(default_factory=list)
    bonuses: list[Extra] = field(default_factory=list)

    @property
    def provisional(self) -> bool:
        return any(not line.closed for line in self.lines)

    @property
    def days(self) -> int:
        return sum(line.days for line in self.lines)

    @property
    def days_amount(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal("0.00"))

    @property
    def total(self) -> Decimal:
        """The sum of the lines' rounded amounts: nothing is rounded again."""
        return self.days_amount + self.instalments_amount + self.bonuses_amount

    @property
    def is_empty(self) -> bool:
        return not (self.lines or self.instalments or self.bonuses)

    def references(self) -> dict[int, str]:
        """The placements with a line of any kind, by id, in the order of the basis."""
        found: dict[int, str] = {}
        for line in self.lines:
            found.setdefault(line.placement_id, line.reference)
        for extra in [*self.instalments, *self.bonuses]:
            found.setdefault(extra.placement_id, extra.reference)
        return found

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.lines, [*self.instalments, *self.bonuses])


def _held_between(first: date, last: date) -> sa.ColumnElement[bool]:
    return sa.and_(
        Placement.direction == Direction.TO_WORKSHOP,
        Placement.status.in_(HELD),
        Placement.started_on.is_not(None),
        Placement.started_on <= last,
        sa.or_(Placement.ended_on.is_(None), Placement.ended_on >= first),
    )


def _own_terms(row: Any) -> DayTerms:
    paid = ((PaidAbsence.ILL, row.ill_days_paid), (PaidAbsence.AGREED_LEAVE, row.agreed_leave_paid))
    return DayTerms(
        row.daily_price,
        frozenset(kind for kind, flag in paid if flag),
        package=row.pricing == Pricing.PACKAGE,
    )


def periods(first: date, last: date, *where: sa.ColumnElement[bool]) -> list[Any]:
    return list(
        db.session.execute(
            sa.select(
                Placement.id,
                Placement.reference,
                Placement.receiver_party_id,
                Placement.sender_party_id,
                Placement.started_on,
                Placement.ended_on,
                Placement.daily_price,
                Placement.ill_days_paid,
                Placement.agreed_leave_paid,
                Placement.pricing,
            )
            .where(_held_between(first, last), *where)
            .order_by(Placement.reference, Placement.id)
        )
    )


def lines(rows: list[Any], first: date, last: date) -> Iterator[tuple[Any, date, Line]]:
    """Each period's line of each month from ``first`` to ``last`` (whole months): the
    records read in two queries and the terms in two, whatever the number of periods."""
    spans = {row.id: (max(row.started_on, first), min(row.ended_on or last, last)) for row in rows}
    counted = count_months(spans, schedules({row.id: _own_terms(row) for row in rows}))
    for row in rows:
        for found in counted.of(row.id):
            parts = tuple(
                PricePart(p.first, p.last, p.support_days, p.price, p.terms.package)
                for p in found.parts
            )
            yield row, found.month, Line(row.id, row.reference, parts, found.closed)


def count(workshop: Party, provider: Party, month: date) -> Basis:
    """The basis of ``month`` (its first day)."""
    month = month.replace(day=1)
    last = month_last_day(month)
    rows = periods(
        month,
        last,
        Placement.receiver_party_id == workshop.id,
        Placement.sender_party_id == provider.id,
    )
    basis = Basis(workshop, provider, month)
    basis.lines = [line for _row, _month, line in lines(rows, month, last)]
    references = agreed(
        Placement.receiver_party_id == workshop.id, Placement.sender_party_id == provider.id
    )
    basis.instalments, basis.bonuses = extras(references, month)
    return basis


def agreed(*where: sa.ColumnElement[bool]) -> dict[int, tuple[str, int, int]]:
    """The workshop periods agreed (whether held yet or ended long ago: an instalment or a
    bonus may fall due outside the period), by id: reference, workshop and provider."""
    rows = db.session.execute(
        sa.select(
            Placement.id,
            Placement.reference,
            Placement.receiver_party_id,
            Placement.sender_party_id,
        ).where(Placement.direction == Direction.TO_WORKSHOP, Placement.status.in_(AGREED), *where)
    )
    return {row.id: (row.reference, row.receiver_party_id, row.sender_party_id) for row in rows}


def extras(
    placements: dict[int, tuple[str, int, int]], month: date
) -> tuple[list[Extra], list[Extra]]:
    """The package instalments and the result bonuses due in ``month``, in two queries."""
    instalments = [
        Extra(placement_id, placements[placement_id][0], due.due_on, due.amount)
        for placement_id, dues in sorted(instalments_due(placements, month).items())
        for due in dues
    ]
    bonuses = [
        Extra(placement_id, placements[placement_id][0], due.completed_on, due.amount, due.unit)
        for placement_id, dues in sorted(bonuses_due(placements, month).items())
        for due in dues
    ]
    key = lambda e: (e.reference, e.due_on, e.unit)  # noqa: E731
    return sorted(instalments, key=key), sorted(bonuses, key=key)
