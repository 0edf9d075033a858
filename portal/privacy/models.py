"""The administrator's own words in the privacy notice, one text per part and language."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from portal.core.models import UTCDateTime, str_enum, utcnow
from portal.extensions import Model


class NoticePart(enum.StrEnum):
    # Who keeps the portal and why the notice is shared by the parties.
    INTRODUCTION = "introduction"
    # How long the data are kept after a placement ends.
    RETENTION = "retention"
    # How a young person or a user asks to see, correct or erase their data.
    REQUESTS = "requests"


class NoticeText(Model):
    __tablename__ = "privacy_notice_text"
    __table_args__ = (sa.UniqueConstraint("part", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    part: Mapped[NoticePart] = mapped_column(str_enum(NoticePart))
    language: Mapped[str] = mapped_column(sa.String(8))
    body: Mapped[str] = mapped_column(sa.Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
