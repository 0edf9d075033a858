"""A notification is seen only by the person it was made for."""

from __future__ import annotations

from sqlalchemy.sql.elements import ColumnElement

from portal.auth.models import User
from portal.core.authz import EDIT, Policy, policy
from portal.notifications.models import Notification


@policy
class NotificationPolicy(Policy[Notification]):
    model = Notification

    def scope(self, user: User) -> ColumnElement[bool]:
        return Notification.user_id == user.id

    def permits(self, user: User, action: str, obj: Notification) -> bool:
        return action == EDIT and obj.user_id == user.id
