"""Counting the invoice bases on their own: three bases written out by hand, their sums
counted by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from portal.invoicing.basis import Extra
from portal.invoicing.models import BasisState
from portal.invoicing.sums import MonthSum
from portal.reports.invoice_counts import Sums, count

PARIK, KOTKA, LUOVI = 1, 2, 3
NOV, DEC = date(2024, 11, 1), date(2024, 12, 1)


def bonus(amount: str) -> Extra:
    return Extra(9, "LUOVI-2024-077", date(2024, 12, 10), Decimal(amount), "Unit")


SUMS = {
    # November at Parik: 10 days, 500,00 €, confirmed.
    (PARIK, LUOVI, NOV): MonthSum(PARIK, LUOVI, NOV, 10, Decimal("500.00")),
    # December at Parik: 9 days, 450,00 € and a bonus of 300,00 €, still provisional.
    (PARIK, LUOVI, DEC): MonthSum(
        PARIK, LUOVI, DEC, 9, Decimal("450.00"), provisional=True, bonuses=[bonus("300.00")]
    ),
    # December at Kotka: 4 days, 123,45 €, disputed.
    (KOTKA, LUOVI, DEC): MonthSum(KOTKA, LUOVI, DEC, 4, Decimal("123.45")),
    # Nothing to invoice: left out.
    (KOTKA, LUOVI, NOV): MonthSum(KOTKA, LUOVI, NOV),
}
STATES = {
    (PARIK, LUOVI, NOV): BasisState.CONFIRMED,
    (PARIK, LUOVI, DEC): BasisState.OPEN,
    (KOTKA, LUOVI, DEC): BasisState.DISPUTED,
    (KOTKA, LUOVI, NOV): BasisState.OPEN,
}


def test_the_bases_are_summed_per_basis_per_month_and_in_all() -> None:
    counts = count(SUMS, STATES)
    assert [(b.workshop_id, b.month, b.state) for b in counts.bases] == [
        (PARIK, NOV, BasisState.CONFIRMED),
        (PARIK, DEC, BasisState.OPEN),
        (KOTKA, DEC, BasisState.DISPUTED),
    ]
    assert counts.bases[1].sums == Sums(
        9, Decimal("450.00"), Decimal("0.00"), Decimal("300.00"), Decimal("750.00"), True
    )
    assert counts.months == {
        NOV: Sums(
            10, Decimal("500.00"), Decimal("0.00"), Decimal("0.00"), Decimal("500.00"), False
        ),
        # 9 + 4 days; 450,00 + 123,45 = 573,45; with the bonus 873,45.
        DEC: Sums(
            13, Decimal("573.45"), Decimal("0.00"), Decimal("300.00"), Decimal("873.45"), True
        ),
    }
    assert list(counts.months) == [NOV, DEC]
    assert counts.totals == Sums(
        23, Decimal("1073.45"), Decimal("0.00"), Decimal("300.00"), Decimal("1373.45"), True
    )
    assert counts.party_ids == {PARIK, KOTKA, LUOVI}


def test_only_the_confirmed_bases_count_as_confirmed() -> None:
    assert count(SUMS, STATES).confirmed == Decimal("500.00")
    assert count({}, {}).confirmed == Decimal("0.00")
    assert count({}, {}).totals.row() == [0, 0, 0, 0, 0, False]
