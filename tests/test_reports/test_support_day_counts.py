"""Counting support days on its own: periods written out by hand, their days counted by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from portal.placements.models import PlacementStatus as S
from portal.reports.support_day_counts import Period, count

WORKSHOP, OTHER_WORKSHOP, PROVIDER = 1, 3, 2
MARCH, APRIL = date(2026, 3, 1), date(2026, 4, 1)
TODAY = date(2026, 4, 3)  # a Friday

PERIODS = [
    # Monday 2.3. to Friday 13.3.: two working weeks, 10 days at 40 € = 400 €.
    Period(10, WORKSHOP, PROVIDER, S.COMPLETED, date(2026, 3, 2), date(2026, 3, 13), None,
           Decimal("40.00")),
    # Ongoing from Monday 30.3., counted up to today: Mon–Tue in March at 50 € (100 €),
    # Wed 1.4. at 50 € and Thu–Fri at 60 €, as amended from 2.4. (50 + 120 = 170 €).
    Period(11, WORKSHOP, PROVIDER, S.ONGOING, date(2026, 3, 30), None, date(2026, 4, 30),
           Decimal("50.00"), ((date(2026, 4, 2), Decimal("60.00")),)),
    # Interrupted after Monday and Tuesday 16.–17.3., with no daily price: 2 days, no amount.
    Period(12, OTHER_WORKSHOP, PROVIDER, S.INTERRUPTED, date(2026, 3, 16), date(2026, 3, 17),
           date(2026, 6, 30), None),
]  # fmt: skip


def test_days_and_amounts_are_summed_per_pair_month_and_in_all() -> None:
    counts = count(PERIODS, None, TODAY)

    assert counts.total.cells() == [3, 10 + 2 + 3 + 2, Decimal("670.00")]
    assert counts.by_pair[(WORKSHOP, PROVIDER)].cells() == [2, 15, Decimal("670.00")]
    assert counts.by_pair[(OTHER_WORKSHOP, PROVIDER)].cells() == [1, 2, Decimal("0.00")]
    assert counts.by_month[MARCH].cells() == [3, 10 + 2 + 2, Decimal("500.00")]
    assert counts.by_month[APRIL].cells() == [1, 3, Decimal("170.00")]
    assert counts.by_pair_month[(APRIL, WORKSHOP, PROVIDER)].cells() == [1, 3, Decimal("170.00")]
    assert (APRIL, OTHER_WORKSHOP, PROVIDER) not in counts.by_pair_month
    assert counts.unpriced == 1


def test_a_year_counts_only_its_own_days() -> None:
    assert count(PERIODS, 2026, TODAY).total.days == 17
    empty = count(PERIODS, 2025, TODAY)
    assert empty.total.cells() == [0, 0, Decimal("0.00")]
    assert dict(empty.by_month) == {} and empty.unpriced == 0


def test_an_ongoing_period_counts_up_to_its_planned_end_when_that_is_earlier() -> None:
    ended = Period(13, WORKSHOP, PROVIDER, S.ONGOING, date(2026, 3, 30), None, date(2026, 3, 31),
                   Decimal("45.00"))  # fmt: skip
    assert count([ended], None, TODAY).total.cells() == [1, 2, Decimal("90.00")]
