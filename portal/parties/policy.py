"""Parties, units and the agreement are public within the portal; administrators change them."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from portal.auth.models import User
from portal.core.authz import MANAGE, Policy, policy
from portal.parties.models import Party, Unit


@policy
class PartyPolicy(Policy[Party]):
    model = Party

    def scope(self, user: User) -> ColumnElement[bool]:
        return sa.true()

    def permits(self, user: User, action: str, obj: Party) -> bool:
        return action == MANAGE and user.is_admin


@policy
class UnitPolicy(Policy[Unit]):
    model = Unit

    def scope(self, user: User) -> ColumnElement[bool]:
        return sa.true()

    def permits(self, user: User, action: str, obj: Unit) -> bool:
        return action == MANAGE and user.is_admin
