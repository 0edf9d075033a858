"""Reading quota places: the lists, and free places for other features to show.

Other features (the catalogue's search results, the reports) ask how many places are free
with :func:`free_places` or, for the figures per quota, :func:`availability`. Both read
through the user's scope, so they count only quotas the user's party is party to:

    from portal.quotas.queries import free_places
    free_places(current_user, workshop_id=workshop.id, provider_id=provider.id)  # today
    free_places(current_user, workshop_id=workshop.id, on=date(2027, 1, 15))
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from portal.auth.models import User
from portal.core import dates
from portal.core.authz import visible
from portal.extensions import db
from portal.quotas.models import Quota, QuotaAllocation
from portal.quotas.occupancy import Occupancy, occupancy


def with_places() -> list[Any]:
    """Loader options: a quota's places and their placements, for the figures."""
    return [
        selectinload(Quota.allocations).selectinload(QuotaAllocation.placement),
        selectinload(Quota.unit),
        selectinload(Quota.workshop),
        selectinload(Quota.provider),
    ]


def listing(user: User) -> sa.Select[Any]:
    """The user's party's quotas: current and coming ones first, the latest first."""
    today = dates.today()
    return (
        visible(Quota, user)
        .options(*with_places())
        .order_by((Quota.end_on < today).asc(), Quota.start_on.desc(), Quota.id.desc())
    )


def touching(user: User, days: tuple[date, date]) -> list[Quota]:
    """The user's party's quotas whose period shares a day with ``days``."""
    return list(
        db.session.scalars(
            visible(Quota, user)
            .where(Quota.start_on <= days[1], Quota.end_on >= days[0])
            .options(*with_places())
        )
    )


@dataclass(frozen=True)
class Availability:
    quota: Quota
    figures: Occupancy

    @property
    def free(self) -> int:
        return self.figures.free

    @property
    def first_free_on(self) -> date | None:
        return self.figures.first_free_on


def availability(
    user: User,
    *,
    workshop_id: int | None = None,
    provider_id: int | None = None,
    unit_id: int | None = None,
    on: date | None = None,
) -> list[Availability]:
    """The quotas the user may see whose period includes ``on`` (today), with their figures."""
    on = on or dates.today()
    stmt = visible(Quota, user).where(Quota.start_on <= on, Quota.end_on >= on)
    if workshop_id is not None:
        stmt = stmt.where(Quota.workshop_id == workshop_id)
    if provider_id is not None:
        stmt = stmt.where(Quota.provider_id == provider_id)
    if unit_id is not None:
        stmt = stmt.where(Quota.unit_id == unit_id)
    quotas = db.session.scalars(stmt.options(*with_places()).order_by(Quota.start_on, Quota.id))
    return [Availability(quota, occupancy(quota, on)) for quota in quotas]


def free_places(
    user: User,
    *,
    workshop_id: int | None = None,
    provider_id: int | None = None,
    unit_id: int | None = None,
    on: date | None = None,
) -> int:
    """Quota places free on ``on`` (today) of the quotas the user may see, as filtered."""
    return sum(
        a.free
        for a in availability(
            user, workshop_id=workshop_id, provider_id=provider_id, unit_id=unit_id, on=on
        )
    )


def reserved_for_my_party(user: User, on: date | None = None) -> dict[int, list[Availability]]:
    """The quotas reserved for the user's party whose period has not ended, by workshop unit.

    This is what the catalogue shows beside a workshop unit: the places the unit keeps for the
    reader's own party, free on ``on`` (today) or on the first day of a period still ahead.
    A party is offered few quotas at a time, so they are read once, not unit by unit.
    """
    on = on or dates.today()
    if user.party_id is None:
        return {}
    stmt = (
        visible(Quota, user)
        .where(Quota.provider_id == user.party_id, Quota.end_on >= on)
        .options(*with_places())
        .order_by(Quota.start_on, Quota.id)
    )
    by_unit: dict[int, list[Availability]] = {}
    for quota in db.session.scalars(stmt):
        by_unit.setdefault(quota.unit_id, []).append(Availability(quota, occupancy(quota, on)))
    return by_unit
