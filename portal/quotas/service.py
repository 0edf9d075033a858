"""Rules of quotas (DESIGN §2.3): reserving places and changing the reservation.

* A workshop's coordinator (one named for a unit: for that unit) reserves N places of a
  unit for an education provider, for a field and a period, with a date by which the
  provider fills them. The provider's coordinators are told.
* The quota can be changed, but the number never below the places in use on any day, and
  the period must keep every place in use.
* A withdrawn party starts nothing new: no new quotas.

Filling and releasing places is in :mod:`portal.quotas.places`. Every function takes the
acting user, changes rows and only flushes; the view commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l

from portal.auth.models import User
from portal.core import audit
from portal.core.dates import today
from portal.core.errors import DomainError, NotPermitted
from portal.core.i18n import local_date
from portal.core.validators import contains_identity_code
from portal.extensions import db
from portal.parties.models import Party, PartyKind, Unit
from portal.quotas import locking, occupancy, overlap
from portal.quotas.models import Quota
from portal.quotas.notices import CHANGED, RESERVED, tell_provider
from portal.quotas.policy import may_keep_quotas_of

audit.name_events(
    {
        "quota.create": _l("Quota places reserved"),
        "quota.update": _l("Quota changed"),
        "quota.fill": _l("Quota place filled"),
        "quota.reserve": _l("Quota place reserved by name"),
        "quota.turn": _l("Reserved quota place given to a placement"),
        "quota.release": _l("Quota place released"),
    },
    targets={"Quota": _l("Quota"), "QuotaAllocation": _l("Quota place")},
    details={
        "places": _l("Places"),
        "quota": _l("Quota"),
        "placement": _l("Placement"),
        "start": _l("Start"),
        "end": _l("End"),
    },
)

# A quota covers at most this long; its chart has a bar a week.
LONGEST_PERIOD = timedelta(days=3 * 366)


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


def units_for(user: User) -> list[Unit]:
    """The workshop units whose places the user may reserve."""
    if user.party is None or user.party.kind != PartyKind.WORKSHOP:
        return []
    return [unit for unit in user.party.units if may_keep_quotas_of(user, unit)]


def providers() -> list[Party]:
    """Education providers that may receive new quota places."""
    from portal.parties.service import active_parties

    return active_parties(PartyKind.EDUCATION_PROVIDER)


# --- Checks ---------------------------------------------------------------------------------


def _check_details(details: QuotaDetails, *, new: bool) -> None:
    if details.end_on < details.start_on:
        raise DomainError(_l("The period must end on or after its first day."), field="end_on")
    if details.end_on - details.start_on > LONGEST_PERIOD:
        raise DomainError(_l("A quota covers at most three years."), field="end_on")
    if new and details.end_on < today():
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


def check_active(*parties: Party) -> None:
    for party in parties:
        if not party.is_active:
            raise DomainError(
                _l(
                    "%(party)s has withdrawn from the agreement: it finishes what is ongoing "
                    "but starts nothing new.",
                    party=party.name,
                )
            )


# --- Changes --------------------------------------------------------------------------------


def create_quota(actor: User, details: QuotaDetails) -> Quota:
    """Reserve places of a workshop unit for an education provider, and tell the provider."""
    if not may_keep_quotas_of(actor, details.unit):
        raise NotPermitted(_l("Only the workshop's coordinators reserve its places."))
    if details.provider.kind != PartyKind.EDUCATION_PROVIDER:
        raise DomainError(_l("Choose an education provider."), field="provider")
    check_active(details.unit.party, details.provider)
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
    audit.record(
        "quota.create",
        actor=actor,
        target=quota,
        places=quota.places,
        start=quota.start_on.isoformat(),
        end=quota.end_on.isoformat(),
    )
    tell_provider(quota, RESERVED)
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
                    start=local_date(dates[0]),
                    end=local_date(dates[1]),
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
                date=local_date(day),
            ),
            field="places",
        )
    audit.record(
        "quota.update",
        actor=actor,
        target=quota,
        old=f"{quota.places} {quota.start_on.isoformat()}–{quota.end_on.isoformat()}",
        new=f"{details.places} {details.start_on.isoformat()}–{details.end_on.isoformat()}",
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
    if quota.reply_by != details.reply_by and details.reply_by >= today():
        # A later reply-by date gives the provider time again; the return happens then.
        quota.released_on = None
        quota.released_places = 0
    quota.reply_by = details.reply_by
    db.session.flush()
    if changed:
        tell_provider(quota, CHANGED)
