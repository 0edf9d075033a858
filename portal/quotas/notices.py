"""The notifications of quota places, in-app and by e-mail as each person chose.

* a quota reserved for a provider, or changed: to the provider's coordinators;
* a place filled or released: to the workshop's coordinators (of the quota's unit, or of
  the whole workshop);
* places that went back at the reply-by date: to both.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from portal.auth.models import User
from portal.core.urls import path_for
from portal.notifications import kinds
from portal.notifications.service import notify
from portal.parties.service import coordinators_of
from portal.quotas.models import Quota, QuotaAllocation

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


def workshop_coordinators(quota: Quota) -> list[User]:
    """The workshop's coordinators for the quota's unit (or for the whole workshop)."""
    return coordinators_of([quota.workshop_id], unit_id=quota.unit_id)


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


def tell_provider(quota: Quota, kind: kinds.NotificationKind) -> None:
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


def tell_workshop(quota: Quota, kind: kinds.NotificationKind, place: QuotaAllocation) -> None:
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
