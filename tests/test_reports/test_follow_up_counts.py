"""Counting the follow-up report on its own: four ended placements written out by hand, their
shares counted by hand."""

from __future__ import annotations

from datetime import date

from portal.follow_up.enums import Checkpoint
from portal.placements.enums import Direction, NextStep
from portal.reports.follow_up_counts import Ended, Shares, count

D, N = Direction, NextStep
M3, M6 = Checkpoint.MONTHS_3, Checkpoint.MONTHS_6
PARIK, KOTKA, LUOVI = 1, 2, 3

FOUND = [
    # Studies at the end; at 3 months in work, at 6 months not known.
    Ended(D.TO_WORKSHOP, LUOVI, PARIK, date(2024, 6, 28), N.STUDIES, {M3: N.WORK, M6: N.UNKNOWN}),
    # Nothing recorded at the end; at 3 months in studies.
    Ended(D.TO_WORKSHOP, LUOVI, KOTKA, date(2024, 11, 29), None, {M3: N.STUDIES}),
    # Work at the end, no follow-up answered.
    Ended(D.TO_WORKSHOP, LUOVI, PARIK, date(2025, 3, 14), N.WORK),
    # To studies from Parik, something else at the end.
    Ended(D.TO_STUDIES, PARIK, LUOVI, date(2025, 5, 30), N.OTHER),
]


def test_the_total_counts_the_end_and_the_answers_given_later() -> None:
    # Ended 4, 2 in studies or work at the end; 2 answered at 3 months, both in studies or
    # work; 1 answered at 6 months, not known.
    assert count(FOUND).total == Shares(4, 2, {M3: 2, M6: 1}, {M3: 2, M6: 0})


def test_a_placement_counts_for_both_of_its_parties() -> None:
    parties = count(FOUND).parties
    assert parties == {
        LUOVI: Shares(4, 2, {M3: 2, M6: 1}, {M3: 2, M6: 0}),
        PARIK: Shares(3, 2, {M3: 1, M6: 1}, {M3: 1, M6: 0}),
        KOTKA: Shares(1, 0, {M3: 1}, {M3: 1}),
    }


def test_directions_and_years_of_end() -> None:
    counts = count(FOUND)
    assert counts.directions == {
        D.TO_WORKSHOP: Shares(3, 2, {M3: 2, M6: 1}, {M3: 2, M6: 0}),
        D.TO_STUDIES: Shares(1, 0, {}, {}),
    }
    assert counts.years == {
        2024: Shares(2, 1, {M3: 2, M6: 1}, {M3: 2, M6: 0}),
        2025: Shares(2, 1, {}, {}),
    }
    assert list(counts.years) == [2024, 2025]
    # Every direction has its row, also with nothing ended.
    assert count([]).directions == {d: Shares(0, 0, {}, {}) for d in D}
