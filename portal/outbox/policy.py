"""Only the portal administrator sees the outbox, and never the text of a message."""

from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from portal.core.authz import MANAGE, Policy, policy
from portal.outbox.models import OutboxMessage

if TYPE_CHECKING:
    from portal.auth.models import User


@policy
class OutboxMessagePolicy(Policy[OutboxMessage]):
    model = OutboxMessage

    def scope(self, user: User) -> ColumnElement[bool]:
        return sa.true() if user.is_admin else sa.false()

    def permits(self, user: User, action: str, obj: OutboxMessage) -> bool:
        return action == MANAGE and user.is_admin
