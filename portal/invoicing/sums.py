"""The invoice bases of many months in sums, for the reports: counted as
:func:`portal.invoicing.basis.count` counts one basis, the records of every month read at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from portal.extensions import db
from portal.invoicing.basis import (
    Extra,
    Line,
    WithExtras,
    agreed,
    extras,
    fingerprint,
    lines,
    periods,
)
from portal.placements.models import PlacementInstalment, PlacementQualificationUnit


@dataclass
class MonthSum(WithExtras):
    """The basis of one workshop, provider and month in sums, for the reports."""

    workshop_id: int
    provider_id: int
    month: date
    days: int = 0
    # The support days' amount; the instalments and bonuses apart.
    amount: Decimal = Decimal("0.00")
    provisional: bool = False
    lines: list[Line] = field(default_factory=list)
    instalments: list[Extra] = field(default_factory=list)
    bonuses: list[Extra] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return self.amount + self.instalments_amount + self.bonuses_amount

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.lines, [*self.instalments, *self.bonuses])


def month_sums(
    first: date, last: date, *where: sa.ColumnElement[bool]
) -> dict[tuple[int, int, date], MonthSum]:
    """Every basis of the months from ``first`` to ``last`` of the periods ``where`` selects,
    in sums; each line rounded once as on the basis itself."""
    found: dict[tuple[int, int, date], MonthSum] = {}
    for row, month, line in lines(periods(first, last, *where), first, last):
        key = (row.receiver_party_id, row.sender_party_id, month)
        sums = found.setdefault(key, MonthSum(*key))
        sums.days += line.days
        sums.amount += line.amount
        sums.provisional = sums.provisional or not line.closed
        sums.lines.append(line)
    placements = agreed(*where)
    for month in sorted(_months_with_dues(list(placements), first, last)):
        # Two queries a month with something due: the prices' own rules of what falls due.
        instalments, bonuses = extras(placements, month)
        for kind, due in (("instalments", instalments), ("bonuses", bonuses)):
            for extra in due:
                _reference, workshop_id, provider_id = placements[extra.placement_id]
                key = (workshop_id, provider_id, month)
                getattr(found.setdefault(key, MonthSum(*key)), kind).append(extra)
    return found


def _months_with_dues(ids: list[int], first: date, last: date) -> set[date]:
    """The months in which an instalment falls due or a unit was completed (a bonus may), in
    one query: only those are read, not every month of every year."""
    if not ids:
        return set()
    instalment, unit = PlacementInstalment, PlacementQualificationUnit
    days: sa.CompoundSelect[Any] = sa.union(
        sa.select(instalment.due_on.label("day")).where(
            instalment.placement_id.in_(ids), instalment.due_on.between(first, last)
        ),
        sa.select(unit.completed_on.label("day")).where(
            unit.placement_id.in_(ids), unit.completed_on.between(first, last)
        ),
    )
    return {day.replace(day=1) for day in db.session.scalars(sa.select(days.subquery().c.day))}
