"""Rules of quota places (DESIGN §2.3): reserving, changing, filling and releasing places.

* A workshop's coordinator reserves N places of a unit for an education provider, for a
  field and a period, with a date by which the provider fills them. The number can be
  changed, but never below the places in use on any day.
* The provider's coordinator fills a place with one of its workshop-period placements to
  the workshop (its dates inside the period), or with a named reservation that is later
  turned into a placement. Releasing a place frees it at once.
* At no instant may the places in use exceed N. Every change that adds or moves a place
  takes the quota's lock first (:mod:`portal.quotas.locking`), then checks the sweep over
  all the quota's places and writes, in one transaction.
* A withdrawn party starts nothing new: no new quotas, no new places.

Every function takes the acting user, changes rows and only flushes; the view commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from portal.auth.models import Role, User
from portal.core.errors import DomainError
from portal.core.i18n import local_date
from portal.core.validators import contains_identity_code
from portal.extensions import db
from portal.notifications import kinds
from portal.notifications.service import notify
from portal.outbox.rendering import path_for
from portal.parties.models import Party, PartyKind, Unit
from portal.parties.service import coordinators_of
from portal.placements.enums import Direction
from portal.placements.models import Placement
from portal.quotas import locking, occupancy, overlap
from portal.quotas.models import Quota, QuotaAllocation
from portal.quotas.overlap import Interval
from portal.quotas.policy import may_fill, may_keep_quotas_of

RESERVED = kinds.register(
    "quota.reserved",
    _l(
        "%(workshop)s has reserved quota places for %(provider)s: %(unit)s, %(field)s, "
        "%(start)s–%(end)s, %(places)s in all. Fill them by %(reply_by)s."
    ),
    label=_l("A workshop reserves quota places for your party"),
    date_params=("start", "end", "reply_by"),
)
CHANGED = kinds.register(
    "quota.changed",
    _l(
        "%(workshop)s has changed the quota places of %(unit)s, %(field)s: now "
        "%(start)s–%(end)s, %(places)s in all, to be filled by %(reply_by)s."
    ),
    label=_l("A workshop changes the quota places reserved for your party"),
    date_params=("start", "end", "reply_by"),
)
FILLED = kinds.register(
    "quota.place_filled",
    _l("%(provider)s has filled a quota place of %(unit)s, %(field)s, for %(start)s–%(end)s."),
    label=_l("An education provider fills a quota place"),
    date_params=("start", "end"),
)
RELEASED = kinds.register(
    "quota.place_released",
    _l("%(provider)s has released a quota place of %(unit)s, %(field)s (%(start)s–%(end)s)."),
    label=_l("An education provider releases a quota place"),
    date_params=("start", "end"),
)
EXPIRED = kinds.register(
    "quota.places_returned",
    _l(
        "The quota places of %(unit)s, %(field)s for %(provider)s were not all filled by "
        "%(reply_by)s. Places that went back to %(workshop)s: %(released)s. Places still "
        "reserved: %(kept)s."
    ),
    label=_l("Unfilled quota places go back to the workshop at the reply-by date"),
    date_params=("reply_by",),
)

# A quota covers at most this long; its chart has a bar a week.
LONGEST_PERIOD = timedelta(days=3 * 366)


class NotPermitted(DomainError):
    """The acting user's party or role may not do this."""

    status = 403


@dataclass
class QuotaDetails:
    unit: Unit
    provider: Party
    field_name: str
    start_on: date
    end_on: date
    places: int
    reply_by: date
    note: str = ""


# --- Queries --------------------------------------------------------------------------------


def workshop_coordinators(quota: Quota) -> list[User]:
    """The workshop's coordinators for the quota's unit (or for the whole workshop)."""
    return list(
        db.session.scalars(
            sa.select(User).where(
                User.party_id == quota.workshop_id,
                User.role == Role.COORDINATOR,
                User.active.is_(True),
                sa.or_(User.unit_id.is_(None), User.unit_id == quota.unit_id),
            )
        )
    )


def units_for(user: User) -> list[Unit]:
    """The workshop units whose places the user may reserve."""
    if user.party is None or user.party.kind != PartyKind.WORKSHOP:
        return []
    return [unit for unit in user.party.units if may_keep_quotas_of(user, unit)]


def providers() -> list[Party]:
    """Education providers that may receive new quota places."""
    from portal.parties.service import active_parties

    return active_parties(PartyKind.EDUCATION_PROVIDER)


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


# --- Checks ---------------------------------------------------------------------------------


def _when(day: date) -> str:
    return local_date(day)


def _check_details(details: QuotaDetails, *, new: bool) -> None:
    if details.end_on < details.start_on:
        raise DomainError(_l("The period must end on or after its first day."), field="end_on")
    if details.end_on - details.start_on > LONGEST_PERIOD:
        raise DomainError(_l("A quota covers at most three years."), field="end_on")
    if new and details.end_on < date.today():
        raise DomainError(_l("The period has already ended."), field="end_on")
    if details.places < (1 if new else 0):
        raise DomainError(_l("Reserve at least one place."), field="places")
    if details.reply_by > details.end_on:
        raise DomainError(
            _l("The reply-by date must be on or before the last day of the period."),
            field="reply_by",
        )
    if contains_identity_code(details.field_name) or contains_identity_code(details.note):
        raise DomainError(
            _l("Do not enter a personal identity code. Use a pseudonymous reference instead.")
        )


def _check_active(*parties: Party) -> None:
    for party in parties:
        if not party.is_active:
            raise DomainError(
                _l(
                    "%(party)s has withdrawn from the agreement: it finishes what is ongoing "
                    "but starts nothing new.",
                    party=party.name,
                )
            )


def check_room(
    quota: Quota,
    candidate: Interval,
    *,
    field: str,
    replacing: QuotaAllocation | None = None,
) -> None:
    """Refuse a place that would make more places in use than the quota has, on any day."""
    used = occupancy.intervals(a for a in quota.allocations if a is not replacing)
    day = overlap.first_day_over([*used, candidate], quota.places)
    if day is not None:
        raise DomainError(
            _l(
                "There is no free place on %(date)s: every place of the quota (%(places)s) is in "
                "use then. Choose other dates, or ask the workshop for more places.",
                date=_when(day),
                places=quota.places,
            ),
            field=field,
        )


def _check_inside(quota: Quota, start: date, end: date, *, field: str = "start_on") -> None:
    if start < quota.start_on or end > quota.end_on:
        raise DomainError(
            _l(
                "The dates must lie inside the quota's period, %(start)s–%(end)s.",
                start=_when(quota.start_on),
                end=_when(quota.end_on),
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
                start=_when(placement.start_on),
                end=_when(placement.end_on),
            ),
            field="placement",
        )
    held = live_place_of(placement)
    if held is not None:
        raise DomainError(_l("The placement already fills a quota place."), field="placement")


def _check_may_fill(actor: User, quota: Quota) -> None:
    if not may_fill(actor, quota):
        raise NotPermitted(_l("Only the education provider's coordinators fill its places."))
    _check_active(quota.workshop, quota.provider)
    if quota.end_on < date.today():
        raise DomainError(_l("The quota's period has ended."))


def _flush_place(allocation: QuotaAllocation) -> None:
    try:
        db.session.flush()
    except sa.exc.IntegrityError as error:
        # Another request put the same placement into a place (of any quota) first.
        raise DomainError(
            _l("The placement already fills a quota place."), field="placement"
        ) from error


# --- Telling the other party ----------------------------------------------------------------


def _quota_params(quota: Quota) -> dict[str, Any]:
    return {
        "workshop": quota.workshop.name,
        "provider": quota.provider.name,
        "unit": quota.unit.name,
        "field": quota.field_name,
    }


def _link(quota: Quota) -> str:
    return path_for("quotas.detail", quota_id=quota.id)


def _tell_provider(quota: Quota, kind: kinds.NotificationKind) -> None:
    notify(
        coordinators_of([quota.provider]),
        kind,
        link=_link(quota),
        start=quota.start_on.isoformat(),
        end=quota.end_on.isoformat(),
        places=quota.places,
        reply_by=quota.reply_by.isoformat(),
        **_quota_params(quota),
    )


def _tell_workshop(quota: Quota, kind: kinds.NotificationKind, place: QuotaAllocation) -> None:
    notify(
        workshop_coordinators(quota),
        kind,
        link=_link(quota),
        start=place.start_on.isoformat(),
        end=place.end_on.isoformat(),
        **_quota_params(quota),
    )


def tell_both_of_return(quota: Quota) -> None:
    """Tell both parties' coordinators that unfilled places went back to the workshop."""
    notify(
        [*workshop_coordinators(quota), *coordinators_of([quota.provider])],
        EXPIRED,
        link=_link(quota),
        reply_by=quota.reply_by.isoformat(),
        released=quota.released_places,
        kept=quota.places,
        **_quota_params(quota),
    )


# --- Changes --------------------------------------------------------------------------------


def create_quota(actor: User, details: QuotaDetails) -> Quota:
    """Reserve places of a workshop unit for an education provider, and tell the provider."""
    if not may_keep_quotas_of(actor, details.unit):
        raise NotPermitted(_l("Only the workshop's coordinators reserve its places."))
    if details.provider.kind != PartyKind.EDUCATION_PROVIDER:
        raise DomainError(_l("Choose an education provider."), field="provider")
    _check_active(details.unit.party, details.provider)
    _check_details(details, new=True)
    quota = Quota(
        workshop_id=details.unit.party_id,
        unit=details.unit,
        provider=details.provider,
        field_name=details.field_name,
        start_on=details.start_on,
        end_on=details.end_on,
        places=details.places,
        reply_by=details.reply_by,
        note=details.note,
        created_by_id=actor.id,
    )
    db.session.add(quota)
    db.session.flush()
    _tell_provider(quota, RESERVED)
    return quota


def update_quota(actor: User, quota: Quota, details: QuotaDetails) -> None:
    """Change the quota; its places in use must still fit in the new period and number."""
    if not may_keep_quotas_of(actor, quota.unit) or not may_keep_quotas_of(actor, details.unit):
        raise NotPermitted(_l("Only the workshop's coordinators change its quota places."))
    if details.provider.id != quota.provider_id or details.unit.party_id != quota.workshop_id:
        raise DomainError(_l("The quota's parties cannot be changed."), field="provider")
    _check_details(details, new=False)
    quota = locking.lock_quota(quota.id)
    for place in quota.allocations:
        taken = occupancy.interval(place)
        dates = (place.start_on, place.end_on) if occupancy.is_live(place) else taken
        if dates is not None and (dates[0] < details.start_on or dates[1] > details.end_on):
            raise DomainError(
                _l(
                    "A place is in use %(start)s–%(end)s, outside the new period. Keep the "
                    "period around the places in use, or ask the provider to release it.",
                    start=_when(dates[0]),
                    end=_when(dates[1]),
                ),
                field="start_on" if dates[0] < details.start_on else "end_on",
            )
    used = occupancy.intervals(quota.allocations)
    day = overlap.first_day_over(used, details.places)
    if day is not None:
        raise DomainError(
            _l(
                "Places in use on %(date)s: %(count)s. The number cannot be lower than that.",
                count=overlap.in_use_on(used, day),
                date=_when(day),
            ),
            field="places",
        )
    changed = (
        quota.unit_id != details.unit.id
        or (quota.start_on, quota.end_on) != (details.start_on, details.end_on)
        or quota.places != details.places
        or quota.reply_by != details.reply_by
    )
    quota.unit = details.unit
    quota.field_name = details.field_name
    quota.start_on, quota.end_on = details.start_on, details.end_on
    quota.places = details.places
    quota.note = details.note
    if quota.reply_by != details.reply_by and details.reply_by >= date.today():
        # A later reply-by date gives the provider time again; the return happens then.
        quota.released_on = None
        quota.released_places = 0
    quota.reply_by = details.reply_by
    db.session.flush()
    if changed:
        _tell_provider(quota, CHANGED)


def fill_with_placement(actor: User, quota: Quota, placement: Placement) -> QuotaAllocation:
    """Fill a place of the quota with one of the provider's workshop periods."""
    _check_may_fill(actor, quota)
    placement_id = placement.id
    quota = locking.lock_quota(quota.id)
    fresh = db.session.get(Placement, placement_id, populate_existing=True)
    assert fresh is not None
    check_fits(quota, fresh)
    assert fresh.end_on is not None
    check_room(quota, (fresh.start_on, fresh.end_on), field="placement")
    place = QuotaAllocation(
        quota=quota,
        placement=fresh,
        start_on=fresh.start_on,
        end_on=fresh.end_on,
        created_by_id=actor.id,
    )
    db.session.add(place)
    _flush_place(place)
    _tell_workshop(quota, FILLED, place)
    return place


def reserve(
    actor: User, quota: Quota, *, reference: str, start_on: date, end_on: date
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
    check_room(quota, (start_on, end_on), field="start_on")
    place = QuotaAllocation(
        quota=quota,
        reference=reference,
        start_on=start_on,
        end_on=end_on,
        created_by_id=actor.id,
    )
    db.session.add(place)
    db.session.flush()
    _tell_workshop(quota, FILLED, place)
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
    place.released_on = date.today()
    place.released_by_id = actor.id
    db.session.flush()
    _tell_workshop(quota, RELEASED, place)
