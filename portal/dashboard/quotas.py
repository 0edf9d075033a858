"""The quota places' part of the front page: places to fill before the reply-by date, and
quota periods starting and ending.

Both start from ``visible(Quota)``, so a quota of another party is neither listed nor
counted. The places to fill are those that would go back to the workshop at the reply-by
date (:mod:`portal.quotas.expiry`): the quota's places less the most in use on any day of
its period. The workshop's coordinators wait for nothing here: the provider fills the
places, and what is not filled comes back to the workshop by itself.
"""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy.orm import selectinload

from portal.auth.models import User
from portal.core.authz import visible
from portal.core.i18n import local_date
from portal.dashboard.sections import Group, Item, Section, Window, limited, source
from portal.extensions import db
from portal.quotas import occupancy
from portal.quotas.models import Quota
from portal.quotas.policy import may_fill
from portal.quotas.queries import with_places


def _detail(quota: Quota) -> str:
    return f"{quota.field_name} · {local_date(quota.start_on)}–{local_date(quota.end_on)}"


@source(Section.WAITING, order=60)
def places_to_fill(user: User, window: Window) -> Group | None:
    """Places of quotas reserved for the user's party that wait to be filled by their reply-by
    date, today or within two weeks; for the provider's coordinators, who fill them."""
    if not user.is_coordinator or user.party_id is None:
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
        .options(*with_places())
        .order_by(Quota.reply_by, Quota.id)
    )
    items = []
    for quota in db.session.scalars(stmt):
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
    stmt = (
        visible(Quota, user)
        .where(
            Quota.places > 0,
            ((Quota.start_on >= window.today) & (Quota.start_on <= window.coming_until))
            | ((Quota.end_on >= window.today) & (Quota.end_on <= window.coming_until)),
        )
        .options(
            selectinload(Quota.unit), selectinload(Quota.workshop), selectinload(Quota.provider)
        )
        .order_by(Quota.id)
    )
    moments = []
    for quota in db.session.scalars(stmt):
        other = quota.other_party(user.party_id).name
        if window.today <= quota.start_on <= window.coming_until:
            text = _("Quota period of %(unit)s starts", unit=quota.unit.name)
            moments.append((quota.start_on, quota.id, text, other, quota))
        if window.today <= quota.end_on <= window.coming_until:
            text = _("Quota period of %(unit)s ends", unit=quota.unit.name)
            moments.append((quota.end_on, quota.id, text, other, quota))
    moments.sort(key=lambda m: (m[0], m[1]))
    items = [
        Item(
            text,
            url_for("quotas.detail", quota_id=quota.id),
            detail=ngettext(
                "%(party)s · %(field)s · %(num)d place",
                "%(party)s · %(field)s · %(num)d places",
                quota.places,
                party=other,
                field=quota.field_name,
            ),
            when=day,
        )
        for day, _id, text, other, quota in moments
    ]
    return limited(_("Quota periods starting and ending"), items, url_for("quotas.index"))
