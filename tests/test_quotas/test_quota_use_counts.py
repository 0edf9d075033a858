"""Counting quota use on its own: quotas written out by hand, their place-days counted by hand."""

from __future__ import annotations

from datetime import date

from portal.parties.models import Party
from portal.quotas.models import Quota, QuotaAllocation
from portal.reports.quota_use import count

JANUARY, FEBRUARY, DECEMBER = date(2026, 1, 1), date(2026, 2, 1), date(2025, 12, 1)


def quotas() -> list[Quota]:
    provider = Party(name="Opisto")
    return [
        # 20.1.–10.2.2026 (12 + 10 days); two places kept and one that went back: 3 reserved.
        Quota(
            workshop_id=1,
            workshop=Party(name="Paja"),
            provider_id=2,
            provider=provider,
            start_on=date(2026, 1, 20),
            end_on=date(2026, 2, 10),
            places=2,
            released_places=1,
            allocations=[
                # A named reservation for the whole of January's part: 12 days.
                QuotaAllocation(start_on=date(2026, 1, 20), end_on=date(2026, 1, 31)),
                # Released on 6.2.: in use 1.–5.2., 5 days.
                QuotaAllocation(
                    start_on=date(2026, 2, 1),
                    end_on=date(2026, 2, 20),
                    released_on=date(2026, 2, 6),
                ),
            ],
        ),
        # 1.12.2025–31.1.2026, one place never filled.
        Quota(
            workshop_id=3,
            workshop=Party(name="Toinen paja"),
            provider_id=2,
            provider=provider,
            start_on=date(2025, 12, 1),
            end_on=date(2026, 1, 31),
            places=1,
            released_places=0,
            allocations=[],
        ),
    ]


def test_places_and_place_days_per_pair_by_month_and_in_all() -> None:
    use = count(quotas(), None)

    # quotas, places, place-days reserved, in use, their share, places that went back
    assert use.total.cells()[:4] == [2, 3 + 1, 3 * 22 + 1 * 62, 12 + 5]
    assert use.total.released == 1
    assert use.by_pair[(1, 2)].cells()[:4] == [1, 3, 66, 17]
    assert use.by_pair[(3, 2)].cells()[:4] == [1, 1, 62, 0]
    assert use.by_month[DECEMBER].month_cells()[:2] == [31, 0]
    assert use.by_month[JANUARY].month_cells()[:2] == [3 * 12 + 31, 12]
    assert use.by_month[FEBRUARY].month_cells()[:2] == [3 * 10, 5]
    assert use.names == {1: "Paja", 2: "Opisto", 3: "Toinen paja"}


def test_a_year_counts_only_the_days_of_the_periods_in_it() -> None:
    use = count(quotas(), 2025)

    assert use.total.cells()[:4] == [1, 1, 31, 0]
    assert set(use.by_month) == {DECEMBER}
    assert (1, 2) not in use.by_pair
