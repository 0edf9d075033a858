"""Filling and releasing a quota's places (DESIGN §2.3).

* The provider's coordinator fills a place with one of its workshop periods to the
  workshop (its dates inside the quota's period; a placement fills at most one place), or
  with a named reservation that is later turned into its placement. Releasing a place
  frees it from today.
* At no instant may the places in use exceed the quota's number. Every change that adds or
  moves a place takes the quota's lock first (:mod:`portal.quotas.locking`), then checks
  the sweep over all the quota's places and writes, in one transaction.
* A withdrawn party starts nothing new: no new places.

Every function takes the acting user, changes rows and only flushes; the view commits.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from portal.auth.models import User
from portal.core import audit, dates
from portal.core.errors import DomainError, NotPermitted
from portal.core.i18n import local_date
from portal.core.validators import contains_identity_code
from portal.extensions import db
from portal.placements.enums import Direction
from portal.placements.models import Placement
from portal.quotas import locking, occupancy, overlap
from portal.quotas.models import Quota, QuotaAllocation
from portal.quotas.notices import FILLED, RELEASED, tell_workshop
from portal.quotas.overlap import Interval
from portal.quotas.policy import may_fill
from portal.quotas.service import check_active

# --- Queries --------------------------------------------------------------------------------


def fitting_placements(quota: Quota) -> list[Placement]:
    """The provider's workshop periods to this workshop that could fill a place of the quota:
    still active, inside the period, and not filling a place already."""
    holding = sa.select(QuotaAllocation.placement_id).where(
        QuotaAllocation.placement_id.is_not(None), QuotaAllocation.released_on.is_(None)
    )
    return list(
        db.session.scalars(
            sa.select(Placement)
            .where(
                Placement.direction == Direction.TO_WORKSHOP,
                Placement.sender_party_id == quota.provider_id,
                Placement.receiver_party_id == quota.workshop_id,
                Placement.status.in_(occupancy.HOLDING_STATES),
                Placement.start_on >= quota.start_on,
                Placement.end_on <= quota.end_on,
                Placement.id.not_in(holding),
            )
            .order_by(Placement.start_on, Placement.reference)
        )
    )


def live_place_of(placement: Placement) -> QuotaAllocation | None:
    """The place the placement fills now, if any."""
    return db.session.scalar(
        sa.select(QuotaAllocation).where(
            QuotaAllocation.placement_id == placement.id, QuotaAllocation.released_on.is_(None)
        )
    )


def places_seen(quota: Quota) -> str:
    """What the form was shown with: the newest place of the quota (a new one changes it).

    Sent back with the form, it tells a refusal for want of room caused by a place filled
    meanwhile (the place was taken just now) from dates that never had room.
    """
    return str(max((a.id for a in quota.allocations), default=0))


class PlaceTaken(DomainError):
    """Another coordinator filled the free place while this one was filling in the form."""


# --- Checks ---------------------------------------------------------------------------------


def check_room(
    quota: Quota,
    candidate: Interval,
    *,
    field: str,
    replacing: QuotaAllocation | None = None,
    seen: str | None = None,
) -> None:
    """Refuse a place that would make more places in use than the quota has, on any day."""
    used = occupancy.intervals(a for a in quota.allocations if a is not replacing)
    day = overlap.first_day_over([*used, candidate], quota.places)
    if day is not None and seen is not None and seen != places_seen(quota):
        # Not a mistake in the dates: said above the form, with the free places as they are now.
        raise PlaceTaken(
            _l(
                "The place was taken just now: another coordinator filled the last free place "
                "for these dates while you were filling in the form. What you entered is kept "
                "below; the free places shown above are as they are now."
            )
        )
    if day is not None:
        raise DomainError(
            _l(
                "There is no free place on %(date)s: every place of the quota (%(places)s) is in "
                "use then. Choose other dates, or ask the workshop for more places.",
                date=local_date(day),
                places=quota.places,
            ),
            field=field,
        )


def _check_inside(quota: Quota, start: date, end: date, *, field: str = "start_on") -> None:
    if start < quota.start_on or end > quota.end_on:
        raise DomainError(
            _l(
                "The dates must lie inside the quota's period, %(start)s–%(end)s.",
                start=local_date(quota.start_on),
                end=local_date(quota.end_on),
            ),
            field=field if start < quota.start_on else "end_on",
        )


def check_fits(quota: Quota, placement: Placement) -> None:
    """Refuse a placement that cannot fill a place of this quota, saying why."""
    if not (
        placement.direction == Direction.TO_WORKSHOP
        and placement.sender_party_id == quota.provider_id
        and placement.receiver_party_id == quota.workshop_id
    ):
        raise DomainError(
            _l(
                "Only a workshop period that %(provider)s has requested from %(workshop)s can "
                "fill this quota's places.",
                provider=quota.provider.name,
                workshop=quota.workshop.name,
            ),
            field="placement",
        )
    if placement.status not in occupancy.HOLDING_STATES:
        raise DomainError(
            _l("The placement has ended or will not take place: it cannot fill a place."),
            field="placement",
        )
    assert placement.end_on is not None
    if placement.start_on < quota.start_on or placement.end_on > quota.end_on:
        raise DomainError(
            _l(
                "The placement's period, %(start)s–%(end)s, is not inside the quota's period.",
                start=local_date(placement.start_on),
                end=local_date(placement.end_on),
            ),
            field="placement",
        )
    held = live_place_of(placement)
    if held is not None:
        raise DomainError(_l("The placement already fills a quota place."), field="placement")


def _check_may_fill(actor: User, quota: Quota) -> None:
    if not may_fill(actor, quota):
        raise NotPermitted(_l("Only the education provider's coordinators fill its places."))
    check_active(quota.workshop, quota.provider)
    if quota.end_on < dates.today():
        raise DomainError(_l("The quota's period has ended."))


def _flush_place(allocation: QuotaAllocation) -> None:
    try:
        db.session.flush()
    except sa.exc.IntegrityError as error:
        # Another request put the same placement into a place (of any quota) first.
        raise DomainError(
            _l("The placement already fills a quota place."), field="placement"
        ) from error


# --- Changes --------------------------------------------------------------------------------


def fill_with_placement(
    actor: User, quota: Quota, placement: Placement, *, seen: str | None = None
) -> QuotaAllocation:
    """Fill a place of the quota with one of the provider's workshop periods.

    ``seen``: :func:`places_seen` as the form was shown, to say if the place was taken since.
    """
    _check_may_fill(actor, quota)
    placement_id = placement.id
    quota = locking.lock_quota(quota.id)
    fresh = db.session.get(Placement, placement_id, populate_existing=True)
    assert fresh is not None
    check_fits(quota, fresh)
    assert fresh.end_on is not None
    check_room(quota, (fresh.start_on, fresh.end_on), field="placement", seen=seen)
    place = QuotaAllocation(
        quota=quota,
        placement=fresh,
        start_on=fresh.start_on,
        end_on=fresh.end_on,
        created_by_id=actor.id,
    )
    db.session.add(place)
    _flush_place(place)
    audit.record("quota.fill", actor=actor, target=place, quota=quota.id, placement=fresh.id)
    tell_workshop(quota, FILLED, place)
    return place


def reserve(
    actor: User,
    quota: Quota,
    *,
    reference: str,
    start_on: date,
    end_on: date,
    seen: str | None = None,
) -> QuotaAllocation:
    """Fill a place with a named reservation, to be turned into a placement later."""
    _check_may_fill(actor, quota)
    reference = reference.strip()
    if not reference:
        raise DomainError(_l("Enter a pseudonymous reference."), field="reference")
    if contains_identity_code(reference):
        raise DomainError(
            _l("Do not enter a personal identity code. Use a pseudonymous reference instead."),
            field="reference",
        )
    if end_on < start_on:
        raise DomainError(_l("The place must end on or after its first day."), field="end_on")
    _check_inside(quota, start_on, end_on)
    quota = locking.lock_quota(quota.id)
    check_room(quota, (start_on, end_on), field="start_on", seen=seen)
    place = QuotaAllocation(
        quota=quota,
        reference=reference,
        start_on=start_on,
        end_on=end_on,
        created_by_id=actor.id,
    )
    db.session.add(place)
    db.session.flush()
    # Not the reference: it stands for a young person.
    audit.record(
        "quota.reserve",
        actor=actor,
        target=place,
        quota=quota.id,
        start=start_on.isoformat(),
        end=end_on.isoformat(),
    )
    tell_workshop(quota, FILLED, place)
    return place


def turn_into_placement(actor: User, place: QuotaAllocation, placement: Placement) -> None:
    """Let a named reservation's place be held by its placement from now on."""
    _check_may_fill(actor, place.quota)
    place_id, placement_id = place.id, placement.id
    quota = locking.lock_quota(place.quota_id)
    place = next(a for a in quota.allocations if a.id == place_id)
    if not place.is_reservation or not occupancy.is_live(place):
        raise DomainError(_l("Only a reserved place that is still held can be turned."))
    fresh = db.session.get(Placement, placement_id, populate_existing=True)
    assert fresh is not None and fresh.end_on is not None
    check_fits(quota, fresh)
    check_room(quota, (fresh.start_on, fresh.end_on), field="placement", replacing=place)
    place.placement = fresh
    place.start_on, place.end_on = fresh.start_on, fresh.end_on
    _flush_place(place)
    audit.record("quota.turn", actor=actor, target=place, quota=quota.id, placement=fresh.id)


def release(actor: User, place: QuotaAllocation) -> None:
    """Give a place back: it is free from today."""
    if not may_fill(actor, place.quota):
        raise NotPermitted(_l("Only the education provider's coordinators release its places."))
    place_id = place.id
    quota = locking.lock_quota(place.quota_id)
    place = next(a for a in quota.allocations if a.id == place_id)
    if not occupancy.is_live(place):
        raise DomainError(
            _l("The place is no longer held: it has been released or its placement has ended.")
        )
    place.released_on = dates.today()
    place.released_by_id = actor.id
    db.session.flush()
    audit.record("quota.release", actor=actor, target=place, quota=quota.id)
    tell_workshop(quota, RELEASED, place)
