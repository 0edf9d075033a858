"""The quota places' part of the front page: places to fill before the reply-by date, and
quota periods starting and ending.

Both start from ``visible(Quota)``, so a quota of another party is neither listed nor
counted. The places to fill are those that would go back to the workshop at the reply-by
date (:mod:`portal.quotas.expiry`): the quota's places less the most in use on any day of
its period. The workshop's coordinators wait for nothing here: the provider fills the
places, and what is not filled comes back to the workshop by itself.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy.orm import joinedload

from portal.auth.models import User
from portal.core.authz import visible
from portal.core.i18n import local_date
from portal.dashboard.sections import Group, Item, Section, Window, first_rows, limited, source
from portal.extensions import db
from portal.parties.models import PartyKind
from portal.quotas import occupancy
from portal.quotas.models import Quota, QuotaAllocation
from portal.quotas.policy import may_fill


def _detail(quota: Quota) -> str:
    return f"{quota.field_name} · {local_date(quota.start_on)}–{local_date(quota.end_on)}"


@source(Section.WAITING, order=60)
def places_to_fill(user: User, window: Window) -> Group | None:
    """Places of quotas reserved for the user's party that wait to be filled by their reply-by
    date, today or within two weeks; for the provider's coordinators, who fill them."""
    # Only an education provider is given quotas (quotas.service): no one else asks.
    party = user.party
    if not user.is_coordinator or party is None or party.kind != PartyKind.EDUCATION_PROVIDER:
        return None
    stmt = (
        visible(Quota, user)
        .where(
            Quota.provider_id == user.party_id,
            Quota.released_on.is_(None),
            Quota.reply_by >= window.today,
            Quota.reply_by <= window.due_until,
            Quota.end_on >= window.today,
        )
        .options(
            joinedload(Quota.allocations).joinedload(QuotaAllocation.placement),
            joinedload(Quota.unit),
            joinedload(Quota.workshop),
            joinedload(Quota.provider),
        )
        .order_by(Quota.reply_by, Quota.id)
    )
    # Unfilled places are counted from the allocations' days, in Python: the quotas read are
    # only the party's own whose reply-by date falls within the next two weeks, a handful.
    items = []
    for quota in db.session.scalars(stmt).unique():
        count = occupancy.unfilled(quota)
        # A withdrawn party starts nothing new: no place can be filled.
        active = quota.workshop.is_active and quota.provider.is_active
        if not count or not active or not may_fill(user, quota):
            continue
        items.append(
            Item(
                ngettext(
                    "Fill %(num)d quota place of %(workshop)s, %(unit)s by %(date)s",
                    "Fill %(num)d quota places of %(workshop)s, %(unit)s by %(date)s",
                    count,
                    workshop=quota.workshop.name,
                    unit=quota.unit.name,
                    date=local_date(quota.reply_by),
                ),
                url_for("quotas.detail", quota_id=quota.id),
                detail=_detail(quota),
                flag=_("Due today") if quota.reply_by == window.today else "",
            )
        )
    return limited(_("Quota places to fill"), items, url_for("quotas.index"))


@source(Section.COMING, order=30)
def quota_periods_starting_and_ending(user: User, window: Window) -> Group | None:
    """Quota periods of the user's party that start or end before the window closes."""
    starts = (Quota.start_on >= window.today) & (Quota.start_on <= window.coming_until)
    ends = (Quota.end_on >= window.today) & (Quota.end_on <= window.coming_until)
    # A quota may both start and end in the window: two moments. Quotas in the order of their
    # first moment give the first moments of all; the total counts every moment.
    first_moment = sa.case((starts, Quota.start_on), else_=Quota.end_on)
    moments_of = sa.case((starts & ends, 2), else_=1)
    stmt = (
        visible(Quota, user)
        .where(Quota.places > 0, starts | ends)
        .options(joinedload(Quota.unit), joinedload(Quota.workshop), joinedload(Quota.provider))
        .order_by(first_moment, Quota.id)
    )
    rows, total = first_rows(stmt, counting=sa.func.sum(moments_of))
    moments = []
    for quota, _total in rows:
        if window.today <= quota.start_on <= window.coming_until:
            text = _("Quota period of %(unit)s starts", unit=quota.unit.name)
            moments.append((quota.start_on, quota.id, text, quota))
        if window.today <= quota.end_on <= window.coming_until:
            text = _("Quota period of %(unit)s ends", unit=quota.unit.name)
            moments.append((quota.end_on, quota.id, text, quota))
    moments.sort(key=lambda m: (m[0], m[1]))
    items = [
        Item(
            text,
            url_for("quotas.detail", quota_id=quota.id),
            detail=ngettext(
                "%(party)s · %(field)s · %(num)d place",
                "%(party)s · %(field)s · %(num)d places",
                quota.places,
                party=quota.other_party(user.party_id).name,
                field=quota.field_name,
            ),
            when=day,
        )
        for day, _id, text, quota in moments
    ]
    return limited(
        _("Quota periods starting and ending"), items, url_for("quotas.index"), int(total)
    )
