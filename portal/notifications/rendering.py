"""Notification mail, written in the recipient's language when it is queued.

A notification is mailed at once, held for the recipient's daily digest, or not mailed at
all, as the recipient chose for its kind (:mod:`portal.notifications.service`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from flask import current_app, render_template

from portal.core.i18n import force_locale
from portal.core.urls import path_for, public_link, public_url
from portal.extensions import db
from portal.notifications.kinds import NotificationKind, render_message
from portal.notifications.models import DigestItem, Notification
from portal.outbox import service
from portal.outbox.service import Attachment

if TYPE_CHECKING:
    from portal.auth.models import User

EMAIL_TEMPLATES = "outbox/email/"


@contextmanager
def language_of(user: User) -> Iterator[None]:
    with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        yield


def _render(name: str, **context: Any) -> str:
    return render_template(EMAIL_TEMPLATES + name, **context)


def _notification_context(notification: Notification) -> dict[str, Any]:
    return {
        # Mail leaves the portal: a confidential notification's mail names no title.
        "message": render_message(
            notification.kind, notification.params, confidential=notification.confidential
        ),
        "link": public_link(notification.link or path_for("notifications.index")),
        "notification": notification,
    }


def queue_notification(
    user: User,
    notification: Notification,
    kind: NotificationKind,
    attachments: Sequence[Attachment],
) -> None:
    """Queue the notification's mail, in the user's language, in the current transaction."""
    with language_of(user):
        context = _notification_context(notification)
        subject = context["message"].rstrip(".")
        body = _render(
            "notification.txt",
            user=user,
            kind=kind,
            preferences_link=public_url("notifications.preferences"),
            **context,
        )
    service.queue(user.email, subject, body, purpose=kind.name, user=user, attachments=attachments)


def hold_for_digest(
    user: User, notification: Notification, attachments: Sequence[Attachment]
) -> None:
    """Keep the notification for the user's next daily digest."""
    db.session.add(
        DigestItem(
            user_id=user.id,
            notification=notification,
            attachments=[a.to_json() for a in attachments],
        )
    )


def queue_digest(user: User, items: Sequence[DigestItem]) -> None:
    """Queue one mail listing the items, with their attachments, in the user's language."""
    with language_of(user):
        entries = [_notification_context(item.notification) for item in items]
        subject = _render("digest_subject.txt", count=len(entries)).strip()
        body = _render(
            "digest.txt",
            user=user,
            entries=entries,
            preferences_link=public_url("notifications.preferences"),
        )
    attachments = [Attachment.from_json(stored) for item in items for stored in item.attachments]
    service.queue(user.email, subject, body, purpose="digest", user=user, attachments=attachments)
