"""Messages waiting to be sent."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from portal.core.models import UTCDateTime, created_at_column, str_enum, utcnow
from portal.extensions import Model


class OutboxStatus(enum.StrEnum):
    QUEUED = "queued"
    SENT = "sent"
    # Given up after the last attempt, or refused by the server for good; never deleted.
    FAILED = "failed"


class OutboxMessage(Model):
    """One e-mail to one recipient, rendered in the recipient's language when it was queued."""

    __tablename__ = "outbox_message"
    __table_args__ = (sa.Index("ix_outbox_message_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # What the mail is for: a notification kind (e.g. "party.joined"), "digest",
    # "auth.password_reset" or "auth.invitation". The administrator sees this, not the text.
    purpose: Mapped[str] = mapped_column(sa.String(64))
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    recipient: Mapped[str] = mapped_column(sa.String(254))
    # The same Message-ID on every attempt, so that a duplicate after a lost reply is recognised.
    message_id: Mapped[str] = mapped_column(sa.String(255))
    # Subject, body and attachments are erased once the message has been sent: the outbox
    # keeps no copy of what people were told.
    subject: Mapped[str] = mapped_column(sa.String(255), default="")
    body: Mapped[str] = mapped_column(sa.Text(), default="")
    # [{"filename", "mimetype", "params", "data" (base64)}]; see service.Attachment.
    attachments: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON(), default=list)
    status: Mapped[OutboxStatus] = mapped_column(
        str_enum(OutboxStatus), default=OutboxStatus.QUEUED
    )
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = created_at_column()
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # A worker that claims the message owns it until then; if it dies, another takes over.
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    claim_token: Mapped[str | None] = mapped_column(sa.String(32))
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str] = mapped_column(sa.String(500), default="")
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    def __repr__(self) -> str:
        return f"<OutboxMessage {self.id} {self.purpose} {self.status}>"
