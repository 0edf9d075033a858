"""Who sees which accounts: administrators all; others the coordinators of every party
(the directory) and the people of their own party."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from portal.auth.models import Role, User, UserSession
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


@policy
class SessionPolicy(Policy[UserSession]):
    """A person sees and ends only their own signed-in browsers; nobody else's."""

    model = UserSession

    def scope(self, user: User) -> ColumnElement[bool]:
        return UserSession.user_id == user.id

    def permits(self, user: User, action: str, obj: UserSession) -> bool:
        return action == MANAGE and obj.user_id == user.id
