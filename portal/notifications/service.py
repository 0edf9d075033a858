"""Creating and reading notifications, and each user's choice of how they hear of them."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from flask import g

from portal.core.models import utcnow
from portal.extensions import db
from portal.notifications.kinds import NotificationKind, all_kinds
from portal.notifications.models import Delivery, Notification, NotificationPreference

if TYPE_CHECKING:
    from portal.auth.models import User
    from portal.outbox.service import Attachment

    Attachments = Sequence[Attachment] | Callable[[User], Sequence[Attachment]]

DEFAULT_DELIVERY = Delivery.IMMEDIATELY


def notify(
    recipients: Iterable[User],
    kind: NotificationKind,
    *,
    link: str = "",
    attachments: Attachments = (),
    confidential: bool = False,
    **params: Any,
) -> list[Notification]:
    """Tell each recipient once, in the same transaction as the change that causes it.

    Each recipient is also e-mailed as they chose for the kind: at once, in their daily
    digest, or not at all. The mail is queued in the outbox in the same transaction, so it
    goes exactly when the change is committed. ``link`` is the path of the object;
    ``attachments`` (e.g. an invitation's ``.ics``) go with the mail, the same for everyone
    or made per recipient by a function of the user. ``confidential``: the mail says the
    kind's ``mail_message``, which names no title; the portal shows the full message.
    """
    from portal.notifications import rendering

    created = []
    seen: set[int] = set()
    people = []
    for user in recipients:
        if user.id in seen or not user.active:
            continue
        seen.add(user.id)
        notification = Notification(
            user_id=user.id, kind=kind.name, params=params, link=link, confidential=confidential
        )
        db.session.add(notification)
        created.append(notification)
        people.append(user)
    choices = deliveries(people, kind)
    for user, notification in zip(people, created, strict=True):
        delivery = choices[user.id]
        if delivery == Delivery.PORTAL:
            continue
        files = attachments(user) if callable(attachments) else attachments
        if delivery == Delivery.DIGEST:
            rendering.hold_for_digest(user, notification, files)
        else:
            rendering.queue_notification(user, notification, kind, files)
    return created


def deliveries(users: Sequence[User], kind: NotificationKind) -> dict[int, Delivery]:
    """How each user wants to hear of this kind; the default unless they chose otherwise."""
    if not users:
        return {}
    chosen = dict(
        db.session.execute(
            sa.select(NotificationPreference.user_id, NotificationPreference.delivery).where(
                NotificationPreference.kind == kind.name,
                NotificationPreference.user_id.in_([u.id for u in users]),
            )
        ).all()
    )
    return {user.id: chosen.get(user.id, DEFAULT_DELIVERY) for user in users}


def preferences_of(user: User) -> dict[str, Delivery]:
    """The user's choice for every registered kind."""
    chosen = dict(
        db.session.execute(
            sa.select(NotificationPreference.kind, NotificationPreference.delivery).where(
                NotificationPreference.user_id == user.id
            )
        ).all()
    )
    return {kind.name: chosen.get(kind.name, DEFAULT_DELIVERY) for kind in all_kinds()}


def save_preferences(user: User, choices: dict[str, Delivery]) -> None:
    """Store the user's choices; a kind left at the default keeps no row."""
    known = {kind.name for kind in all_kinds()}
    rows = {
        row.kind: row
        for row in db.session.scalars(
            sa.select(NotificationPreference).where(NotificationPreference.user_id == user.id)
        )
    }
    for name, delivery in choices.items():
        if name not in known:
            continue
        row = rows.get(name)
        if delivery == DEFAULT_DELIVERY:
            if row is not None:
                db.session.delete(row)
        elif row is None:
            db.session.add(NotificationPreference(user_id=user.id, kind=name, delivery=delivery))
        else:
            row.delivery = delivery
    db.session.flush()


def unread_count_query(user: User) -> sa.Select[int]:
    return sa.select(sa.func.count(Notification.id)).where(
        Notification.user_id == user.id, Notification.read_at.is_(None)
    )


def unread_count(user: User) -> int:
    return db.session.scalar(unread_count_query(user)) or 0


def unread_this_request(user: User) -> int:
    """The user's unread count, asked once per request however many parts of the page show
    it (the menu's badge, the front page). Templates render after the view's changes, so
    the count kept is the request's last word."""
    if "unread_notifications" not in g:
        g.unread_notifications = unread_count(user)
    return int(g.unread_notifications)


def known_unread(count: int) -> None:
    """A page that read the unread count with its own statement gives it to the badge."""
    g.unread_notifications = count


def mark_read(notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = utcnow()


def mark_all_read(user: User) -> None:
    db.session.execute(
        sa.update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
