"""The arithmetic of places over time: inclusive dates, adjacent periods share a place."""

from __future__ import annotations

from datetime import date

from portal.quotas import overlap


def d(month: int, day: int) -> date:
    return date(2027, month, day)


JAN_MAR = (d(1, 1), d(3, 31))
APR_JUN = (d(4, 1), d(6, 30))


def test_adjacent_periods_are_one_place_not_two() -> None:
    assert overlap.peak([JAN_MAR, APR_JUN]) == 1
    assert overlap.first_day_over([JAN_MAR, APR_JUN], 1) is None


def test_one_shared_day_is_an_overlap() -> None:
    # The first ends on the day the second begins: both are in use that day.
    assert overlap.peak([(d(1, 1), d(3, 31)), (d(3, 31), d(6, 30))]) == 2
    assert overlap.first_day_over([(d(1, 1), d(3, 31)), (d(3, 31), d(6, 30))], 1) == d(3, 31)


def test_a_one_day_place_starts_and_ends_on_the_same_day() -> None:
    same_day = (d(2, 14), d(2, 14))
    assert overlap.peak([same_day]) == 1
    assert overlap.in_use_on([same_day], d(2, 14)) == 1
    assert overlap.in_use_on([same_day], d(2, 13)) == 0
    assert overlap.in_use_on([same_day], d(2, 15)) == 0
    assert overlap.peak([same_day, (d(2, 15), d(2, 15))]) == 1
    assert overlap.peak([same_day, same_day]) == 2


def test_an_empty_or_reversed_interval_takes_no_place() -> None:
    assert overlap.peak([]) == 0
    assert overlap.peak([(d(3, 2), d(3, 1))]) == 0


def test_the_peak_counts_the_most_at_any_one_day() -> None:
    places = [(d(1, 1), d(1, 31)), (d(1, 15), d(2, 15)), (d(2, 1), d(2, 28)), (d(1, 20), d(1, 20))]
    assert overlap.peak(places) == 3  # 20.1.: the first, the second and the one-day place
    assert overlap.first_day_over(places, 2) == d(1, 20)
    assert overlap.first_day_over(places, 3) is None


def test_a_window_counts_only_its_own_days() -> None:
    places = [JAN_MAR, (d(3, 1), d(3, 31)), APR_JUN]
    assert overlap.peak(places) == 2
    assert overlap.peak(places, (d(4, 1), d(4, 30))) == 1
    assert overlap.peak(places, (d(3, 31), d(4, 1))) == 2
    assert overlap.clip(JAN_MAR, APR_JUN) is None
    assert overlap.clip(JAN_MAR, (d(3, 31), d(4, 30))) == (d(3, 31), d(3, 31))


def test_steps_report_each_change_once_ending_before_beginning() -> None:
    assert list(overlap.steps([JAN_MAR, APR_JUN])) == [(d(1, 1), 1), (d(4, 1), 1), (d(7, 1), 0)]


def test_first_free_day() -> None:
    window = (d(1, 1), d(6, 30))
    assert overlap.first_free_day([], 1, window) == d(1, 1)
    assert overlap.first_free_day([JAN_MAR], 1, window) == d(4, 1)
    assert overlap.first_free_day([JAN_MAR, APR_JUN], 1, window) is None
    assert overlap.first_free_day([JAN_MAR, APR_JUN], 2, window) == d(1, 1)
    # Seen from the middle of the window: free again the day after the last day.
    assert overlap.first_free_day([JAN_MAR], 1, (d(2, 1), d(6, 30))) == d(4, 1)
    assert overlap.first_free_day([JAN_MAR], 0, window) is None


def test_weekly_peaks_cover_every_week_touching_the_window() -> None:
    # 1.1.2027 is a Friday: the first week has three days in the window.
    weeks = overlap.weekly_peaks([(d(1, 4), d(1, 4)), (d(1, 9), d(1, 12))], (d(1, 1), d(1, 17)))
    assert [w for w, _ in weeks] == [
        (d(1, 1), d(1, 3)),
        (d(1, 4), d(1, 10)),
        (d(1, 11), d(1, 17)),
    ]
    assert [count for _, count in weeks] == [0, 1, 1]
