"""The periods in force: the administrator's limits and each party's years within them.

A placement belongs to both of its parties, and each keeps its own obligations: its data of
a category is due only when BOTH parties' periods have passed — the longer one wins.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from portal.auth.models import User
from portal.core import audit
from portal.core.errors import DomainError, NotPermitted
from portal.extensions import db
from portal.parties.models import Party
from portal.retention.models import Category, RetentionLimit, RetentionSetting

# Until the administrator sets limits: five years, as an archive plan often says.
DEFAULT = (1, 10, 5)


@dataclass(frozen=True)
class Limits:
    min_years: int
    max_years: int
    default_years: int


def limits() -> dict[Category, Limits]:
    rows = {row.category: row for row in db.session.scalars(sa.select(RetentionLimit))}
    result = {}
    for category in Category:
        row = rows.get(category)
        result[category] = (
            Limits(row.min_years, row.max_years, row.default_years)
            if row is not None
            else Limits(*DEFAULT)
        )
    return result


def _clamped(years: int, limit: Limits) -> int:
    # A limit changed after a party chose keeps the party's choice within the new limits.
    return max(limit.min_years, min(limit.max_years, years))


def years_by_party(party_ids: set[int] | None = None) -> dict[int, dict[Category, int]]:
    """Each party's years by category; a party that set nothing keeps the default."""
    bounds = limits()
    stmt = sa.select(Party.id)
    if party_ids is not None:
        stmt = stmt.where(Party.id.in_(party_ids))
    result = {
        party_id: {c: bounds[c].default_years for c in Category}
        for party_id in db.session.scalars(stmt)
    }
    settings = sa.select(RetentionSetting)
    if party_ids is not None:
        settings = settings.where(RetentionSetting.party_id.in_(party_ids))
    for row in db.session.scalars(settings):
        if row.party_id in result:
            result[row.party_id][row.category] = _clamped(row.years, bounds[row.category])
    return result


def set_limits(actor: User, values: dict[Category, Limits]) -> None:
    if not actor.is_admin:
        raise NotPermitted(_l("Only the administrator sets the limits."))
    for category, limit in values.items():
        if not 0 <= limit.min_years <= limit.default_years <= limit.max_years <= 100:
            raise DomainError(
                _l("The shortest, the default and the longest must be in this order."),
                field=f"{category.value}__default",
            )
    for category, limit in values.items():
        row = db.session.get(RetentionLimit, category) or RetentionLimit(category=category)
        row.min_years, row.max_years = limit.min_years, limit.max_years
        row.default_years = limit.default_years
        db.session.add(row)
    audit.record("retention.limits", actor=actor)


def set_party_years(actor: User, party: Party, values: dict[Category, int]) -> None:
    if not (actor.is_coordinator and actor.party_id == party.id):
        raise NotPermitted(_l("Only the party's coordinator sets its periods."))
    bounds = limits()
    for category, years in values.items():
        limit = bounds[category]
        if not limit.min_years <= years <= limit.max_years:
            raise DomainError(
                _l(
                    "Choose between %(low)s and %(high)s years.",
                    low=limit.min_years,
                    high=limit.max_years,
                ),
                field=category.value,
            )
    existing = {
        row.category: row
        for row in db.session.scalars(
            sa.select(RetentionSetting).where(RetentionSetting.party_id == party.id)
        )
    }
    for category, years in values.items():
        row = existing.get(category) or RetentionSetting(party_id=party.id, category=category)
        row.years = years
        db.session.add(row)
    audit.record("retention.settings", actor=actor, target=party)


audit.name_events(
    {
        "retention.limits": _l("Retention limits set"),
        "retention.settings": _l("Retention periods set"),
        "retention.apply": _l("Personal data removed as retention requires"),
        "retention.audit": _l("Oldest audit rows removed as retention requires"),
    },
    details={"categories": _l("Categories"), "removed": _l("Rows removed")},
)
