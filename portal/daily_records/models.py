"""The daily records of a workshop period and the months closed for it.

The basic support level *is* job coaching and its daily records (the collaboration guidelines):
the job coach writes one entry a day for each trainee. Support days are counted from them.

An entry can be changed freely until its month is closed by the workshop's coordinator; after
that a correction is a new *revision* of the same day, kept beside the one it corrects, so that
what was counted before the correction stays visible. The latest revision of a day counts.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.models import created_at_column, str_enum
from portal.extensions import Model

if TYPE_CHECKING:
    from portal.auth.models import User
    from portal.placements.models import Placement


class Presence(enum.StrEnum):
    """Was the trainee there, and if not, why."""

    PRESENT = "present"
    ILL = "ill"
    # Away for another reason, not agreed beforehand.
    ABSENT = "absent"
    # Leave agreed beforehand (e.g. a holiday, an appointment).
    AGREED_LEAVE = "agreed_leave"


ABSENCES = (Presence.ILL, Presence.ABSENT, Presence.AGREED_LEAVE)


class DailyRecord(Model):
    """One revision of one day of a workshop period."""

    __tablename__ = "daily_record"
    __table_args__ = (
        sa.UniqueConstraint("placement_id", "day", "revision"),
        sa.CheckConstraint("revision >= 1", name="revision_positive"),
        sa.CheckConstraint("hours >= 0 AND hours <= 24", name="hours_within_a_day"),
        # A placement's days in order; the day screen's "today, every trainee of my unit".
        sa.Index("ix_daily_record_placement_day", "placement_id", "day"),
        sa.Index("ix_daily_record_day", "day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(sa.ForeignKey("placement.id", ondelete="CASCADE"))
    day: Mapped[date]
    # 1 for the entry as written; each correction of a closed month adds one.
    revision: Mapped[int] = mapped_column(default=1)
    presence: Mapped[Presence] = mapped_column(str_enum(Presence))
    # The hours of coached work; None on a day of absence.
    hours: Mapped[Decimal | None] = mapped_column(sa.Numeric(4, 2))
    # What was done, briefly (no health details: an absence says only its kind).
    note: Mapped[str] = mapped_column(sa.Text, default="")
    # The qualification unit worked on, as named in the placement's agreement (free text).
    qualification_unit: Mapped[str] = mapped_column(sa.String(200), default="")
    # Why a closed day was corrected; empty for an entry written before the month closed.
    correction_reason: Mapped[str] = mapped_column(sa.Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    recorded_at: Mapped[datetime] = created_at_column()

    placement: Mapped[Placement] = relationship()
    recorded_by: Mapped[User | None] = relationship()


class ClosedMonth(Model):
    """A month of a workshop period confirmed by the workshop's coordinator.

    ``month`` is the month's first day. Once closed, the month's figures are final: a change
    to one of its days is a correction (a new revision), never an edit.
    """

    __tablename__ = "daily_record_month"
    __table_args__ = (
        sa.UniqueConstraint("placement_id", "month"),
        # The support-days report asks which months of the year's periods are closed.
        sa.Index("ix_daily_record_month_month", "month"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(sa.ForeignKey("placement.id", ondelete="CASCADE"))
    month: Mapped[date]
    closed_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    closed_at: Mapped[datetime] = created_at_column()

    placement: Mapped[Placement] = relationship()
    closed_by: Mapped[User | None] = relationship()
