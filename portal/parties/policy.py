"""Parties, units and the agreement are public within the portal; administrators change them,
and a party's coordinators choose how far its staff see its placements."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from portal.auth.models import User
from portal.core.authz import MANAGE, Policy, policy
from portal.parties.models import Party, Unit

CHOOSE_NEED_TO_KNOW = "choose_need_to_know"


@policy
class PartyPolicy(Policy[Party]):
    model = Party

    def scope(self, user: User) -> ColumnElement[bool]:
        return sa.true()

    def permits(self, user: User, action: str, obj: Party) -> bool:
        if action == CHOOSE_NEED_TO_KNOW:
            # How far its staff see the party's placements is the party's own choice.
            return user.is_coordinator and user.party_id == obj.id and obj.is_party
        return action == MANAGE and user.is_admin


@policy
class UnitPolicy(Policy[Unit]):
    model = Unit

    def scope(self, user: User) -> ColumnElement[bool]:
        return sa.true()

    def permits(self, user: User, action: str, obj: Unit) -> bool:
        return action == MANAGE and user.is_admin
