"""Creating and reading notifications."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from portal.core.models import utcnow
from portal.extensions import db
from portal.notifications.kinds import NotificationKind
from portal.notifications.models import Notification

if TYPE_CHECKING:
    from portal.auth.models import User


def notify(
    recipients: Iterable[User], kind: NotificationKind, *, link: str = "", **params: Any
) -> list[Notification]:
    """Tell each recipient once, in the same transaction as the change that causes it."""
    created = []
    seen: set[int] = set()
    for user in recipients:
        if user.id in seen or not user.active:
            continue
        seen.add(user.id)
        notification = Notification(user_id=user.id, kind=kind.name, params=params, link=link)
        db.session.add(notification)
        created.append(notification)
    return created


def unread_count(user: User) -> int:
    stmt = sa.select(sa.func.count(Notification.id)).where(
        Notification.user_id == user.id, Notification.read_at.is_(None)
    )
    return db.session.scalar(stmt) or 0


def mark_read(notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = utcnow()


def mark_all_read(user: User) -> None:
    db.session.execute(
        sa.update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
