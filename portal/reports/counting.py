"""The placements the reports count: what is read of each (no reference, no name), and the
names of their parties.

Every figure counts the placements of :func:`portal.reports.policy.counted_placements` (the
user's party's placements, all of them for the administrator; never drafts), narrowed by
the filters.
"""

from __future__ import annotations

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
