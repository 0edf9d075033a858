"""Only the workshop and the education provider of a quota see it; everyone else gets 404.

Staff of either party see the quota and its places. Coordinators change: the workshop's
coordinators manage the quota (one named for a unit, that unit's quotas), the provider's
coordinators fill and release its places.

The reports count quotas through :func:`reported_quotas`: a coordinator's, the quotas of
their party (this scope); the administrator's, every quota — as the reports count every
placement for the administrator (:mod:`portal.reports.policy`) — because a report shows only
sums of places and days, never a quota's page, its places or a reference.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from portal.auth.models import User
from portal.core.authz import MANAGE, VIEW, Policy, policy, scope
from portal.parties.models import PartyKind, Unit
from portal.quotas.models import Quota, QuotaAllocation

# The provider's coordinators fill places and release them.
FILL = "fill"
RELEASE = "release"


def quota_scope(user: User) -> ColumnElement[bool]:
    if user.party_id is None:
        return sa.false()
    return sa.or_(Quota.workshop_id == user.party_id, Quota.provider_id == user.party_id)


def may_keep_quotas_of(user: User, unit: Unit) -> bool:
    """May the user reserve and manage places of this workshop unit?"""
    return (
        user.is_coordinator
        and user.party_id == unit.party_id
        and unit.party.kind == PartyKind.WORKSHOP
        and (user.unit_id is None or user.unit_id == unit.id)
    )


def may_reserve(user: User) -> bool:
    """May the user create quotas at all (a coordinator of a workshop)?"""
    party = user.party
    return user.is_coordinator and party is not None and party.kind == PartyKind.WORKSHOP


def may_fill(user: User, quota: Quota) -> bool:
    return user.is_coordinator and user.party_id == quota.provider_id


def reported_quotas(user: User) -> ColumnElement[bool]:
    """The quotas whose sums the user's reports count: the administrator's, every quota;
    anyone else's, the quotas they may see (the policy's scope)."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return sa.false()
    if user.is_admin:
        return sa.true()
    return scope(Quota, user)


@policy
class QuotaPolicy(Policy[Quota]):
    model = Quota

    def scope(self, user: User) -> ColumnElement[bool]:
        return quota_scope(user)

    def permits(self, user: User, action: str, obj: Quota) -> bool:
        if action == VIEW:
            return obj.involves(user.party_id)
        if action == MANAGE:
            return may_keep_quotas_of(user, obj.unit)
        if action == FILL:
            return may_fill(user, obj)
        return False


@policy
class QuotaAllocationPolicy(Policy[QuotaAllocation]):
    """A place is seen exactly by those who see its quota."""

    model = QuotaAllocation

    def scope(self, user: User) -> ColumnElement[bool]:
        return QuotaAllocation.quota_id.in_(sa.select(Quota.id).where(quota_scope(user)))

    def permits(self, user: User, action: str, obj: QuotaAllocation) -> bool:
        if action == VIEW:
            return obj.quota.involves(user.party_id)
        if action in (RELEASE, FILL):
            return may_fill(user, obj.quota)
        return False
