"""A notification for one user, rendered in the user's own language when shown."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from portal.core.models import UTCDateTime, created_at_column, json_column
from portal.extensions import Model


class Notification(Model):
    __tablename__ = "notification"
    __table_args__ = (sa.Index("ix_notification_user_unread", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"))
    # A registered kind (see kinds.py); the text is built from it and ``params`` when shown,
    # so that each reader sees it in their own language.
    kind: Mapped[str] = mapped_column(sa.String(64))
    params: Mapped[dict[str, Any]] = json_column()
    link: Mapped[str] = mapped_column(sa.String(500), default="")
    created_at: Mapped[datetime] = created_at_column()
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    @property
    def message(self) -> str:
        from portal.notifications.kinds import render_message

        return render_message(self.kind, self.params)
