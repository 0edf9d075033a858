"""Where quota places meet placements: a period's dates change, and the placement's page.

When a placement that fills a place gets new dates (a draft's edit, an amendment, the
second signature of one), the place must still fit: inside the quota's period, and never
more places in use than the quota has. Otherwise the change is refused with the reason,
and nothing of it is applied. When the change is applied, the place takes the new dates.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm import joinedload

from portal.core.authz import scope
from portal.core.errors import DomainError
from portal.core.i18n import local_date
from portal.extensions import db
from portal.placements.models import Placement
from portal.quotas import locking, places
from portal.quotas.models import Quota, QuotaAllocation


def check_placement_dates(placement: Placement, start: date, end: date | None, apply: bool) -> None:
    """Refuse new dates that the placement's place cannot take; move the place if ``apply``."""
    held = places.live_place_of(placement)
    if held is None or end is None:
        return
    # The placement's step has already written in this transaction (and on SQLite holds
    # the write lock): take the quota's lock within it.
    quota = locking.lock_quota(held.quota_id, fresh_transaction=False)
    place = next(a for a in quota.allocations if a.id == held.id)
    if start < quota.start_on or end > quota.end_on:
        raise DomainError(
            _l(
                "The placement fills a quota place of %(unit)s for %(start)s–%(end)s: its "
                "dates must stay inside that period. The provider's coordinator can release "
                "the place first.",
                unit=quota.unit.name,
                start=local_date(quota.start_on),
                end=local_date(quota.end_on),
            ),
            field="start_on" if start < quota.start_on else "end_on",
        )
    places.check_room(quota, (start, end), field="end_on", replacing=place)
    if apply:
        place.start_on, place.end_on = start, end
        db.session.flush()


def place_of(placement: Placement) -> QuotaAllocation | None:
    """The quota place the placement uses (or last used), if the user may see its quota.

    ``is_live(place)`` tells the template whether the placement still holds it.
    """
    return db.session.scalar(
        sa.select(QuotaAllocation)
        .where(QuotaAllocation.placement_id == placement.id, scope(QuotaAllocation, current_user))
        .order_by(QuotaAllocation.released_on.is_not(None), QuotaAllocation.id.desc())
        .limit(1)
        # The page names the quota's unit and parties: asked with the place.
        .options(
            joinedload(QuotaAllocation.quota).joinedload(Quota.unit),
            joinedload(QuotaAllocation.quota).joinedload(Quota.workshop),
            joinedload(QuotaAllocation.quota).joinedload(Quota.provider),
        )
    )
