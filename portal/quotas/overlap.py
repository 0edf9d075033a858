"""The arithmetic of places over time: a sweep over inclusive date intervals.

A place is in use from its first day to its last day, both included. Two places overlap
only if some day lies in both: 1.1.–31.3. and 1.4.–30.6. are adjacent, not overlapping,
so one place covers both. The sweep turns each interval into +1 on its first day and −1
on the day after its last, and reads the running sum; on a day where one place ends and
another begins, the ending is counted first.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, timedelta

Interval = tuple[date, date]

ONE_DAY = timedelta(days=1)


def clip(interval: Interval, window: Interval) -> Interval | None:
    """The part of ``interval`` inside ``window``, or None when they share no day."""
    start, end = max(interval[0], window[0]), min(interval[1], window[1])
    return (start, end) if start <= end else None


def _changes(intervals: Iterable[Interval]) -> list[tuple[date, int]]:
    """(day, change) pairs in date order; on the same day −1 sorts before +1."""
    changes = []
    for start, end in intervals:
        if start > end:
            continue
        changes.append((start, 1))
        changes.append((end + ONE_DAY, -1))
    changes.sort()
    return changes


def steps(intervals: Iterable[Interval]) -> Iterator[tuple[date, int]]:
    """Each day on which the count changes, with the count from that day on."""
    count = 0
    changes = _changes(intervals)
    for index, (day, change) in enumerate(changes):
        count += change
        # Several changes on one day are reported once, after all of them.
        if index + 1 == len(changes) or changes[index + 1][0] != day:
            yield day, count


def in_use_on(intervals: Iterable[Interval], day: date) -> int:
    """How many intervals contain ``day``."""
    return sum(1 for start, end in intervals if start <= day <= end)


def peak(intervals: Iterable[Interval], window: Interval | None = None) -> int:
    """The most intervals in use on any one day (inside ``window`` when given)."""
    if window is not None:
        intervals = [c for c in (clip(i, window) for i in intervals) if c is not None]
    return max((count for _, count in steps(intervals)), default=0)


def first_day_over(intervals: Iterable[Interval], places: int) -> date | None:
    """The first day on which more than ``places`` intervals are in use, if any."""
    return next((day for day, count in steps(intervals) if count > places), None)


def first_free_day(intervals: Iterable[Interval], places: int, window: Interval) -> date | None:
    """The first day in ``window`` on which fewer than ``places`` intervals are in use."""
    if places <= 0:
        return None
    clipped = [c for c in (clip(i, window) for i in intervals) if c is not None]
    count = in_use_on(clipped, window[0])
    if count < places:
        return window[0]
    for day, count in steps(clipped):
        if day > window[0] and day <= window[1] and count < places:
            return day
    return None


def weekly_peaks(intervals: Iterable[Interval], window: Interval) -> list[tuple[Interval, int]]:
    """For each Monday-to-Sunday week touching ``window``, its days in the window and the most
    intervals in use on any of them."""
    intervals = list(intervals)
    weeks = []
    monday = window[0] - timedelta(days=window[0].weekday())
    while monday <= window[1]:
        days = clip((monday, monday + timedelta(days=6)), window)
        assert days is not None
        weeks.append((days, peak(intervals, days)))
        monday += timedelta(days=7)
    return weeks
