"""The reports' filters — year, party and direction — and the choices offered for them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement
from werkzeug.datastructures import MultiDict

from portal.auth.models import User
from portal.core.dates import today
from portal.core.params import id_arg, year_arg
from portal.extensions import db
from portal.parties.models import Party
from portal.placements.models import Direction, Placement
from portal.reports.policy import counted_placements

YEAR = "year"
PARTY = "party"
DIRECTION = "direction"
ALL_FILTERS = frozenset({YEAR, PARTY, DIRECTION})
# The year filter's value for every year at once.
ALL_YEARS = "all"


@dataclass(frozen=True)
class Filters:
    year: int | None = None
    party_id: int | None = None
    direction: Direction | None = None

    @classmethod
    def from_args(cls, args: MultiDict[str, str]) -> Filters:
        """Read the filters from the query string; anything malformed is ignored.

        Without a year (or with a malformed one) the reports count the current year: one
        year is what a report reads and draws quickly however many years the portal holds.
        ``year=all`` chooses every year.
        """
        direction = args.get("direction", "")
        year = None if args.get("year") == ALL_YEARS else (year_arg(args=args) or today().year)
        return cls(
            year=year,
            party_id=id_arg("party", args=args),
            direction=Direction(direction) if direction in Direction.__members__.values() else None,
        )

    def args(self) -> dict[str, Any]:
        """The filters as query arguments, for links that keep them (the CSV downloads)."""
        found: dict[str, Any] = {"year": self.year if self.year is not None else ALL_YEARS}
        if self.party_id is not None:
            found["party"] = self.party_id
        if self.direction is not None:
            found["direction"] = self.direction.value
        return found

    def involving_party(self) -> ColumnElement[bool]:
        """Placements of the chosen party (on either side), or all without a choice."""
        if self.party_id is None:
            return sa.true()
        return sa.or_(
            Placement.sender_party_id == self.party_id,
            Placement.receiver_party_id == self.party_id,
        )

    def of_direction(self) -> ColumnElement[bool]:
        if self.direction is None:
            return sa.true()
        return Placement.direction == self.direction


@dataclass
class Choices:
    years: list[int]
    parties: list[Party]


def choices(user: User) -> Choices:
    """The years and parties of the placements the user's reports count."""
    stmt = sa.select(
        sa.func.min(Placement.start_on),
        sa.func.max(Placement.start_on),
        sa.func.max(Placement.ended_on),
    ).where(counted_placements(user))
    first, last_start, last_end = db.session.execute(stmt).one()
    years: list[int] = []
    if first is not None:
        last = max(d for d in (last_start, last_end) if d is not None)
        years = list(range(last.year, first.year - 1, -1))
    sides = sa.select(Placement.sender_party_id, Placement.receiver_party_id).where(
        counted_placements(user)
    )
    return Choices(years, other_parties(user, sides))


def other_parties(user: User, sides: sa.Select[int, int]) -> list[Party]:
    """The parties named in the rows of ``sides`` (columns of party ids), other than the
    user's own, by name: what the party filter offers."""
    ids = {pid for row in db.session.execute(sides) for pid in row if pid != user.party_id}
    if not ids:
        return []
    return list(db.session.scalars(sa.select(Party).where(Party.id.in_(ids)).order_by(Party.name)))
