"""How a quota's places are used: which days each filled place takes, and the figures shown.

A place takes its dates (inclusive) until one of these ends it early:

* the provider releases it: it is free from the day of the release;
* its placement is declined or cancelled: the period never took place, so the place was
  never used and is free for its whole span;
* its placement is interrupted: the place is free from the interruption date;
* its placement is completed early: the place is free from the day after the last day.

Nothing needs to be written when a placement changes state: the figures are computed from
the placement as it is now.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from portal.core import dates
from portal.placements.enums import PlacementStatus
from portal.quotas import overlap
from portal.quotas.models import Quota, QuotaAllocation
from portal.quotas.overlap import ONE_DAY, Interval

# States in which a placement holds its place; from the others it has let it go.
HOLDING_STATES = frozenset(
    {
        PlacementStatus.DRAFT,
        PlacementStatus.SUBMITTED,
        PlacementStatus.ACCEPTED,
        PlacementStatus.AGREED,
        PlacementStatus.ONGOING,
    }
)
NEVER_USED_STATES = frozenset({PlacementStatus.DECLINED, PlacementStatus.CANCELLED})


def interval(allocation: QuotaAllocation) -> Interval | None:
    """The days the place is in use, or None when it takes none."""
    start, end = allocation.start_on, allocation.end_on
    if allocation.released_on is not None:
        end = min(end, allocation.released_on - ONE_DAY)
    placement = allocation.placement
    if placement is not None:
        if placement.status in NEVER_USED_STATES:
            return None
        if placement.status == PlacementStatus.INTERRUPTED and placement.ended_on:
            end = min(end, placement.ended_on - ONE_DAY)
        elif placement.status == PlacementStatus.COMPLETED and placement.ended_on:
            end = min(end, placement.ended_on)
    return (start, end) if start <= end else None


def is_live(allocation: QuotaAllocation) -> bool:
    """Does the place still belong to its holder (not released, its placement still active)?

    A live place keeps its dates in step with its placement and can be released.
    """
    if allocation.released_on is not None:
        return False
    return allocation.placement is None or allocation.placement.status in HOLDING_STATES


def intervals(allocations: Iterable[QuotaAllocation]) -> list[Interval]:
    return [i for i in (interval(a) for a in allocations) if i is not None]


def period(quota: Quota) -> Interval:
    return (quota.start_on, quota.end_on)


@dataclass(frozen=True)
class Occupancy:
    """The figures of one quota on one day."""

    places: int
    # The most places in use on any day of the period: the number cannot go below it.
    peak: int
    # Places in use on the day, and free then (both 0 outside the period).
    in_use: int
    free: int
    # The first day from the given day (or the period's start) with a free place.
    first_free_on: date | None
    # Places free on every remaining day of the period: a new period can take them whole.
    free_throughout: int
    # The day the figures are for: the given day, or the period's start if it is ahead.
    on: date
    ended: bool


def occupancy(quota: Quota, today: date | None = None) -> Occupancy:
    today = today or dates.today()
    used = intervals(quota.allocations)
    on = max(today, quota.start_on)
    ended = today > quota.end_on
    remaining = (on, quota.end_on)
    in_use = 0 if ended else overlap.in_use_on(used, on)
    return Occupancy(
        places=quota.places,
        peak=overlap.peak(used),
        in_use=in_use,
        free=0 if ended else max(quota.places - in_use, 0),
        first_free_on=None if ended else overlap.first_free_day(used, quota.places, remaining),
        free_throughout=0 if ended else max(quota.places - overlap.peak(used, remaining), 0),
        on=on,
        ended=ended,
    )


def unfilled(quota: Quota) -> int:
    """The places no day of the period uses: what goes back to the workshop at the reply-by date."""
    return max(quota.places - overlap.peak(intervals(quota.allocations)), 0)


def over_full_day(quota: Quota, used: list[Interval], places: int | None = None) -> date | None:
    """The first day on which ``used`` takes more places than the quota has."""
    return overlap.first_day_over(used, quota.places if places is None else places)
