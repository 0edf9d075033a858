"""Places not filled by the reply-by date go back to the workshop.

The day after a quota's reply-by date, its number of places is lowered to the most places
in use on any day of its period; the difference goes back to the workshop, and both
parties' coordinators are told. A quota is handled once (``released_on`` records it), each
in a transaction of its own under the quota's lock, so running this twice, or in two
workers at once, releases nothing twice. The outbox worker runs it every round;
``flask --app portal quotas release-expired`` runs it once.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from portal.core import dates
from portal.extensions import db
from portal.quotas import locking, occupancy
from portal.quotas.models import Quota
from portal.quotas.notices import tell_both_of_return


def _due(today: date) -> sa.ColumnElement[bool]:
    return sa.and_(
        Quota.reply_by < today,
        Quota.released_on.is_(None),
        # A period that has ended has nothing left to plan.
        Quota.end_on >= today,
    )


def return_unfilled(quota: Quota, today: date) -> None:
    """Lower the quota to the places in use and tell both parties what went back.

    The caller holds the quota's lock (:func:`portal.quotas.locking.lock_quota`).
    """
    quota.released_places = occupancy.unfilled(quota)
    quota.places -= quota.released_places
    quota.released_on = today
    db.session.flush()
    if quota.released_places:
        tell_both_of_return(quota)


def release_expired(today: date | None = None) -> list[int]:
    """Return the unfilled places of every quota past its reply-by date; the ids handled."""
    today = today or dates.today()
    due = list(db.session.scalars(sa.select(Quota.id).where(_due(today)).order_by(Quota.id)))
    db.session.rollback()
    handled = []
    for quota_id in due:
        try:
            quota = locking.lock_quota(quota_id)
            if not (quota.released_on is None and quota.reply_by < today <= quota.end_on):
                # Another worker, or a changed reply-by date, came first.
                db.session.rollback()
                continue
            return_unfilled(quota, today)
            db.session.commit()
        except locking.Busy:
            # Someone is filling a place right now; the next round handles the quota.
            db.session.rollback()
            continue
        handled.append(quota_id)
    return handled
