"""A notification for one user, rendered in the user's own language when shown, and each
user's choice of how they hear about each kind of notification."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.models import UTCDateTime, created_at_column, json_column, str_enum
from portal.extensions import Model


class Notification(Model):
    __tablename__ = "notification"
    __table_args__ = (
        sa.Index("ix_notification_user_unread", "user_id", "read_at"),
        # The user's list, newest first.
        sa.Index("ix_notification_user_created", "user_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"))
    # A registered kind (see kinds.py); the text is built from it and ``params`` when shown,
    # so that each reader sees it in their own language.
    kind: Mapped[str] = mapped_column(sa.String(64))
    params: Mapped[dict[str, Any]] = json_column()
    link: Mapped[str] = mapped_column(sa.String(500), default="")
    # About something only the portal may name, such as a confidential document: its mail
    # says what the kind's mail_message says, without the title.
    confidential: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    created_at: Mapped[datetime] = created_at_column()
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    @property
    def message(self) -> str:
        from portal.notifications.kinds import render_message

        return render_message(self.kind, self.params)


class Delivery(enum.StrEnum):
    """How a user hears about a kind of notification besides the portal itself."""

    IMMEDIATELY = "immediately"
    DIGEST = "digest"
    PORTAL = "portal"


class NotificationPreference(Model):
    """A user's choice for one kind; without a row the kind is e-mailed immediately."""

    __tablename__ = "notification_preference"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    delivery: Mapped[Delivery] = mapped_column(str_enum(Delivery))


class DigestItem(Model):
    """A notification that its recipient wants in their next daily digest."""

    # The table keeps the name it was created with, when the digest lived in the outbox.
    __tablename__ = "outbox_digest_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    notification_id: Mapped[int] = mapped_column(
        sa.ForeignKey("notification.id", ondelete="CASCADE")
    )
    attachments: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON(), default=list)
    created_at: Mapped[datetime] = created_at_column()
    # Set only inside the transaction that turns the items into a digest and deletes them.
    claim_token: Mapped[str | None] = mapped_column(sa.String(32))

    notification: Mapped[Notification] = relationship()
