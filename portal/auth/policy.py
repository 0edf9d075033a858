"""Who sees which accounts: administrators all; others the coordinators of every party
(the directory) and the people of their own party."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from portal.auth.models import Role, User
from portal.core.authz import MANAGE, Policy, policy


@policy
class UserPolicy(Policy[User]):
    model = User

    def scope(self, user: User) -> ColumnElement[bool]:
        if user.is_admin:
            return sa.true()
        return sa.and_(
            User.active.is_(True),
            sa.or_(User.role == Role.COORDINATOR, User.party_id == user.party_id),
        )

    def permits(self, user: User, action: str, obj: User) -> bool:
        if action == MANAGE:
            return user.is_admin
        return False
