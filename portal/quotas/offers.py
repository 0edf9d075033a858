"""What the catalogue shows of quota places: the places a workshop unit keeps for the reader.

A search result or a learning-environment report names a workshop unit; beside it the
education provider's people see the quota places that unit reserves for their own party,
how many are free and from when, with a link to the quota. Everyone else sees nothing of
quotas there: a quota is only its two parties' business.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import g
from flask_login import current_user

from portal.core import dates
from portal.parties.models import Unit
from portal.quotas.models import Quota
from portal.quotas.occupancy import Occupancy
from portal.quotas.queries import reserved_for_my_party


@dataclass(frozen=True)
class Offer:
    quota: Quota
    figures: Occupancy
    # The period is still ahead: the figures are for its first day.
    starts_later: bool
    # The day by which the provider fills the places, while that is still to come.
    fill_by: date | None


def quota_offers(unit: Unit) -> list[Offer]:
    """The quotas of ``unit`` reserved for the signed-in user's party, with today's figures."""
    if not getattr(current_user, "is_authenticated", False):
        return []
    # One read per page, however many units the page lists.
    if "quota_offers" not in g:
        g.quota_offers = reserved_for_my_party(current_user)
    today = dates.today()
    return [
        Offer(
            a.quota,
            a.figures,
            starts_later=a.figures.on > today,
            fill_by=a.quota.reply_by
            if a.quota.released_on is None and a.quota.reply_by >= today
            else None,
        )
        for a in g.quota_offers.get(unit.id, [])
    ]
