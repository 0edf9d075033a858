"""What a quota's page shows: the figures, the chart, its places and the forms to fill one.

Each party sees only what it may of a place's placement: the provider's draft that fills a
place is shown to the workshop as a place in use with its dates, without the placement.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.core import dates
from portal.core.authz import MANAGE, can
from portal.core.i18n import current_language, local_date
from portal.extensions import db
from portal.placements.labels import STATUS_LABELS
from portal.placements.models import Placement
from portal.placements.policy import placement_scope
from portal.quotas import charts, occupancy, places
from portal.quotas.forms import FillForm, ReservationForm, TurnForm
from portal.quotas.models import Quota, QuotaAllocation
from portal.quotas.overlap import Interval
from portal.quotas.policy import FILL


@dataclass(frozen=True)
class PlaceRow:
    place: QuotaAllocation
    # The days the place takes (None: none, e.g. released before it began).
    taken: Interval | None
    live: bool
    # The placement, when the user may see it.
    placement: Placement | None

    @property
    def hidden_placement(self) -> bool:
        return self.place.placement_id is not None and self.placement is None


def placement_label(placement: Placement) -> str:
    return str(
        _l(
            "%(reference)s (%(initials)s), %(start)s–%(end)s, %(status)s",
            reference=placement.reference,
            initials=placement.initials,
            start=local_date(placement.start_on),
            end=local_date(placement.end_on),
            status=STATUS_LABELS[placement.status],
        )
    )


def _rows(quota: Quota) -> list[PlaceRow]:
    ids = [a.placement_id for a in quota.allocations if a.placement_id is not None]
    seen = set()
    if ids:
        seen = set(
            db.session.scalars(
                sa.select(Placement.id).where(Placement.id.in_(ids), placement_scope(current_user))
            )
        )
    rows = [
        PlaceRow(
            place,
            occupancy.interval(place),
            occupancy.is_live(place),
            place.placement if place.placement_id in seen else None,
        )
        for place in quota.allocations
    ]
    # The places still held first, then those that have ended.
    return sorted(rows, key=lambda r: (not r.live, r.place.start_on, r.place.id))


def turn_form(place: QuotaAllocation, fitting: list[Placement], **kwargs: Any) -> TurnForm:
    form = TurnForm(prefix=f"turn-{place.id}", **kwargs)
    form.placement.choices = [(p.id, placement_label(p)) for p in fitting]
    return form


def fill_form(fitting: list[Placement], **kwargs: Any) -> FillForm:
    form = FillForm(**kwargs)
    form.placement.choices = [(p.id, placement_label(p)) for p in fitting]
    return form


def detail_context(
    quota: Quota,
    *,
    fill: FillForm | None = None,
    reservation: ReservationForm | None = None,
    turning: TurnForm | None = None,
    turning_id: int | None = None,
    message: str | None = None,
) -> dict[str, Any]:
    today = dates.today()
    may_fill = can(FILL, quota)
    fitting = places.fitting_placements(quota) if may_fill else []
    rows = _rows(quota)
    turn_forms = {}
    if may_fill:
        for row in rows:
            if row.live and row.place.is_reservation:
                if turning is not None and turning_id == row.place.id:
                    turn_forms[row.place.id] = turning
                else:
                    turn_forms[row.place.id] = turn_form(row.place, fitting, formdata=None)
    # Shown again after a refusal, a form keeps what was entered but is now of the places as
    # they are: trying the same again is refused for the dates, no longer as "taken just now".
    fill_form_now = fill or fill_form(fitting, formdata=None)
    reservation_form = reservation or ReservationForm(formdata=None)
    places_now = places.places_seen(quota)
    fill_form_now.seen.data = reservation_form.seen.data = places_now
    return {
        "quota": quota,
        "figures": occupancy.occupancy(quota, today),
        "chart": charts.quota_chart(quota, current_language(), today),
        "rows": rows,
        "today": today,
        "may_manage": can(MANAGE, quota),
        "may_fill": may_fill and quota.end_on >= today,
        "parties_active": quota.workshop.is_active and quota.provider.is_active,
        "fitting": fitting,
        "fill_form": fill_form_now,
        "reservation_form": reservation_form,
        "turn_forms": turn_forms,
        "status_labels": STATUS_LABELS,
        "message": message,
    }
