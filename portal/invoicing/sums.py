"""The invoice bases of many months in sums, for the reports: counted as
:func:`portal.invoicing.basis.count` counts one basis, the records of every month read at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

import sqlalchemy as sa

from portal.invoicing.basis import (
    Extra,
    Line,
    agreed,
    extras,
    fingerprint,
    lines,
    month_last_day,
    periods,
)


@dataclass
class MonthSum:
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
    def instalments_amount(self) -> Decimal:
        return sum((e.amount for e in self.instalments), Decimal("0.00"))

    @property
    def bonuses_amount(self) -> Decimal:
        return sum((e.amount for e in self.bonuses), Decimal("0.00"))

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
    month = first.replace(day=1)
    while month <= last:
        # Two queries a month: the prices' own rules of what falls due when.
        instalments, bonuses = extras(placements, month)
        for extra, kind in [
            *((e, "instalments") for e in instalments),
            *((e, "bonuses") for e in bonuses),
        ]:
            _reference, workshop_id, provider_id = placements[extra.placement_id]
            key = (workshop_id, provider_id, month)
            getattr(found.setdefault(key, MonthSum(*key)), kind).append(extra)
        month = month_last_day(month) + timedelta(days=1)
    return found
