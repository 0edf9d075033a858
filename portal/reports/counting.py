"""The placements the reports count: what is read of each (no reference, no name), the
names of their parties, and the figures counted from them. The report sections lay the
figures out in tables; the counting here is tested on its own.

Every figure counts the placements of :func:`portal.reports.policy.counted_placements` (the
user's party's placements, all of them for the administrator; never drafts), narrowed by
the filters.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa

from portal.auth.models import User
from portal.extensions import db
from portal.parties.models import Party
from portal.placements.models import Direction, NextStep, Placement, PlacementStatus
from portal.reports.filters import Filters
from portal.reports.policy import counted_placements


@dataclass(frozen=True)
class Counted:
    """What the reports read of one placement: no reference, no name."""

    id: int
    direction: Direction
    status: PlacementStatus
    sender_party_id: int
    receiver_party_id: int
    start_on: date
    ended_on: date | None
    next_step: NextStep | None

    @property
    def party_ids(self) -> tuple[int, int]:
        return (self.sender_party_id, self.receiver_party_id)

    @property
    def workshop_id(self) -> int:
        to_studies = self.direction == Direction.TO_STUDIES
        return self.sender_party_id if to_studies else self.receiver_party_id


def in_year(column: Any, year: int | None) -> sa.ColumnElement[bool]:
    if year is None:
        return sa.true()
    return sa.and_(column >= date(year, 1, 1), column <= date(year, 12, 31))


def counted(user: User, filters: Filters, *conditions: sa.ColumnElement[bool]) -> list[Counted]:
    """The user's counted placements that match the filters (year as the caller says)."""
    stmt = (
        sa.select(
            Placement.id,
            Placement.direction,
            Placement.status,
            Placement.sender_party_id,
            Placement.receiver_party_id,
            Placement.start_on,
            Placement.ended_on,
            Placement.next_step,
        )
        .where(counted_placements(user), filters.involving_party(), *conditions)
        .order_by(Placement.id)
    )
    return [Counted(*row) for row in db.session.execute(stmt)]


def party_names(ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(db.session.execute(sa.select(Party.id, Party.name).where(Party.id.in_(ids))).all())


# --- Counting -------------------------------------------------------------------------------


def by_direction(found: list[Counted]) -> tuple[int, int, int]:
    """How many are to studies, how many workshop periods, and how many in all."""
    studies = sum(1 for p in found if p.direction == Direction.TO_STUDIES)
    return studies, len(found) - studies, len(found)


def per_party(found: list[Counted]) -> dict[int, list[Counted]]:
    """The placements of each party: a placement counts for both of its parties."""
    parties: dict[int, list[Counted]] = defaultdict(list)
    for placement in found:
        for party_id in placement.party_ids:
            parties[party_id].append(placement)
    return dict(parties)


def per_workshop(found: list[Counted]) -> dict[int, list[Counted]]:
    """The placements of each workshop, whichever way they went."""
    workshops: dict[int, list[Counted]] = defaultdict(list)
    for placement in found:
        workshops[placement.workshop_id].append(placement)
    return dict(workshops)


def next_steps(completed: list[Counted]) -> Counter[NextStep]:
    """The next steps recorded at completion; one not recorded counts as unknown."""
    return Counter(p.next_step or NextStep.UNKNOWN for p in completed)


@dataclass(frozen=True)
class Outcome:
    """Where the individuals of completed periods went next, as the partners count success."""

    periods: int
    studies: int
    work: int

    @property
    def success(self) -> int:
        """In studies or work: the next steps the partners count as success."""
        return self.studies + self.work


def outcome(completed: list[Counted]) -> Outcome:
    steps = Counter(p.next_step for p in completed)
    return Outcome(len(completed), steps[NextStep.STUDIES], steps[NextStep.WORK])


@dataclass(frozen=True)
class Outcomes:
    """The outcomes of the workshop periods that ended: of the completed ones in all, by next
    step and per workshop; the interrupted ones only counted."""

    completed: Outcome
    interrupted: int
    next_steps: Counter[NextStep]
    workshops: dict[int, Outcome]


def outcomes(periods: list[Counted]) -> Outcomes:
    """Count the workshop periods that were completed or interrupted."""
    completed = [p for p in periods if p.status == PlacementStatus.COMPLETED]
    return Outcomes(
        completed=outcome(completed),
        interrupted=len(periods) - len(completed),
        next_steps=next_steps(completed),
        workshops={pid: outcome(of) for pid, of in per_workshop(completed).items()},
    )


def ended_workshop_periods(user: User, filters: Filters) -> list[Counted]:
    """The counted workshop periods completed or interrupted in the filters' year of end."""
    return counted(
        user,
        filters,
        Placement.direction == Direction.TO_WORKSHOP,
        Placement.status.in_([PlacementStatus.COMPLETED, PlacementStatus.INTERRUPTED]),
        in_year(Placement.ended_on, filters.year),
    )
