"""The young person's situation at the end of a placement and 3 and 6 months later.

One row per placement and checkpoint. The row of the end is written when the placement is
completed or interrupted, with the next step recorded then; the two later rows are asked of
a named person of the team, who is reminded when they come due. The situation is one of the
placements' next steps (studies, work, workshop, other services, not known), so the
reports count the end and the follow-ups alike. Nothing here names the young person.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core import dates
from portal.core.models import UTCDateTime, created_at_column, str_enum
from portal.extensions import Model
from portal.follow_up.enums import Checkpoint, Source
from portal.placements.enums import NextStep

if TYPE_CHECKING:
    from portal.auth.models import User
    from portal.placements.models import Placement


class FollowUp(Model):
    __tablename__ = "follow_up"
    __table_args__ = (
        sa.UniqueConstraint("placement_id", "checkpoint"),
        # "Follow-ups due" of a person, the earliest first; the front page asks the same.
        sa.Index("ix_follow_up_asked_due", "asked_id", "due_on"),
        # The worker's reminders: unanswered rows that have come due.
        sa.Index("ix_follow_up_due_on", "due_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(sa.ForeignKey("placement.id", ondelete="CASCADE"))
    checkpoint: Mapped[Checkpoint] = mapped_column(str_enum(Checkpoint))
    due_on: Mapped[date]
    # The person of the team who is asked (and reminded); none for the end, recorded at once.
    asked_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    # The answer; none until given.
    situation: Mapped[NextStep | None] = mapped_column(str_enum(NextStep))
    # Which qualification the young person studies for, when in studies.
    qualification: Mapped[str] = mapped_column(sa.String(200), default="")
    source: Mapped[Source | None] = mapped_column(str_enum(Source))
    answered_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    answered_by_name: Mapped[str] = mapped_column(sa.String(200), default="")
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The reminder mail went (once) when the row came due.
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = created_at_column()

    placement: Mapped[Placement] = relationship()
    asked: Mapped[User | None] = relationship(foreign_keys=[asked_id])

    @property
    def answered(self) -> bool:
        return self.answered_at is not None

    def is_due(self, today: date | None = None) -> bool:
        return not self.answered and self.due_on <= (today or dates.today())
