"""Finding placements: the party's list with its filters, the counts by status, the choices.

Everything starts from ``visible(Placement)``, so lists, counts and choices show only what
the user's party is involved in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from werkzeug.datastructures import MultiDict

from portal.auth.models import User
from portal.core.authz import visible
from portal.core.params import id_arg, year_arg
from portal.extensions import db
from portal.parties.models import Party
from portal.parties.service import active_parties
from portal.placements.models import Direction, Placement, PlacementStatus
from portal.placements.service import RECEIVER_KIND


@dataclass
class Filters:
    direction: Direction | None = None
    status: PlacementStatus | None = None
    other_party_id: int | None = None
    year: int | None = None
    query: str = ""

    @classmethod
    def from_args(cls, args: MultiDict[str, str]) -> Filters:
        """Read the list's filters from the query string; anything malformed is ignored."""
        direction = args.get("direction", "")
        status = args.get("status", "")
        return cls(
            direction=Direction(direction) if direction in Direction.__members__.values() else None,
            status=PlacementStatus(status)
            if status in PlacementStatus.__members__.values()
            else None,
            other_party_id=id_arg("party", args=args),
            year=year_arg(args=args),
            query=args.get("q", "").strip()[:40],
        )

    @property
    def active(self) -> bool:
        return any((self.direction, self.status, self.other_party_id, self.year, self.query))


def _filtered(user: User, filters: Filters, *, with_status: bool) -> sa.Select[Any]:
    stmt = visible(Placement, user)
    if filters.direction is not None:
        stmt = stmt.where(Placement.direction == filters.direction)
    if with_status and filters.status is not None:
        stmt = stmt.where(Placement.status == filters.status)
    if filters.other_party_id is not None and filters.other_party_id != user.party_id:
        stmt = stmt.where(
            sa.or_(
                Placement.sender_party_id == filters.other_party_id,
                Placement.receiver_party_id == filters.other_party_id,
            )
        )
    if filters.year is not None:
        stmt = stmt.where(
            Placement.start_on >= date(filters.year, 1, 1),
            Placement.start_on <= date(filters.year, 12, 31),
        )
    if filters.query:
        # The search is for text as typed: % and _ match only themselves.
        typed = filters.query.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        stmt = stmt.where(sa.func.lower(Placement.reference).like(f"%{typed}%", escape="\\"))
    return stmt


def listing(user: User, filters: Filters) -> sa.Select[Any]:
    """The user's party's placements matching the filters, the latest first."""
    return _filtered(user, filters, with_status=True).order_by(
        Placement.start_on.desc(), Placement.id.desc()
    )


def status_counts(user: User, filters: Filters) -> dict[PlacementStatus, int]:
    """How many of the filtered placements are in each state (the status filter aside)."""
    ids = _filtered(user, filters, with_status=False).with_only_columns(Placement.id).subquery()
    stmt = (
        sa.select(Placement.status, sa.func.count(Placement.id))
        .where(Placement.id.in_(sa.select(ids.c.id)))
        .group_by(Placement.status)
    )
    found = {status: count for status, count in db.session.execute(stmt)}
    return {status: found.get(status, 0) for status in PlacementStatus}


def other_parties(user: User) -> list[Party]:
    """The parties the user's party has placements with.

    Asked of the database: a large workshop has thousands of placements with a few dozen
    parties."""
    placements = visible(Placement, user)
    senders = placements.with_only_columns(Placement.sender_party_id)
    receivers = placements.with_only_columns(Placement.receiver_party_id)
    stmt = sa.select(Party).where(sa.or_(Party.id.in_(senders), Party.id.in_(receivers)))
    if user.party_id is not None:
        stmt = stmt.where(Party.id != user.party_id)
    return list(db.session.scalars(stmt.order_by(Party.name)))


def years(user: User) -> list[int]:
    """The years in which the user's party's placements start, the latest first."""
    stmt = visible(Placement, user).with_only_columns(
        sa.func.min(Placement.start_on), sa.func.max(Placement.start_on)
    )
    first, last = db.session.execute(stmt).one()
    if first is None or last is None:
        return []
    return list(range(last.year, first.year - 1, -1))


def receivers(direction: Direction, sender: Party | None) -> list[Party]:
    """Active parties of the kind that receives requests in ``direction``."""
    return [
        p for p in active_parties(RECEIVER_KIND[direction]) if sender is None or p.id != sender.id
    ]
