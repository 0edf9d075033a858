"""The hand-over of a young person to the next service (DESIGN §2.7, issue 16 item 7).

When the next step after a placement is another service — studies at another provider,
the TE services' job coaching, supported employment, the social services — the team names
the person who receives the young person there and arranges a hand-over meeting in the
annual calendar. The placement stays open until that person confirms that they have the
young person, or the team calls the hand-over off with a reason: never left hanging.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.models import UTCDateTime, created_at_column, str_enum
from portal.extensions import Model

if TYPE_CHECKING:
    from portal.annual_calendar.models import Event
    from portal.auth.models import User
    from portal.parties.models import Party
    from portal.placements.models import Placement


class NextService(enum.StrEnum):
    """The kind of service the young person moves on to."""

    STUDIES = "studies"  # studies at another education provider
    JOB_COACHING = "job_coaching"  # the TE services' job coaching (työhönvalmennus)
    SUPPORTED_EMPLOYMENT = "supported_employment"  # tuettu työllistyminen
    SOCIAL_SERVICES = "social_services"
    OTHER = "other"


class Handover(Model):
    """One hand-over: to whom, when they meet, and whether the receiver has confirmed it."""

    __tablename__ = "handover"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The placement's page and its completion ask for its hand-overs.
    placement_id: Mapped[int] = mapped_column(
        sa.ForeignKey("placement.id", ondelete="CASCADE"), index=True
    )
    service: Mapped[NextService] = mapped_column(str_enum(NextService))
    # The receiving person, a portal user of a party; their name and party are kept as they
    # were when recorded, so the page reads the same if the account changes later.
    receiver_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    receiver_name: Mapped[str] = mapped_column(sa.String(200))
    receiver_party_id: Mapped[int] = mapped_column(sa.ForeignKey("party.id"))
    # The hand-over meeting in the annual calendar; emptied if the event is ever deleted.
    event_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("calendar_event.id", ondelete="SET NULL"), index=True
    )
    recorded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    recorded_by_name: Mapped[str] = mapped_column(sa.String(200), default="")
    recorded_at: Mapped[datetime] = created_at_column()
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    confirmed_by_name: Mapped[str] = mapped_column(sa.String(200), default="")
    called_off_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    called_off_by_name: Mapped[str] = mapped_column(sa.String(200), default="")
    called_off_reason: Mapped[str] = mapped_column(sa.Text, default="")

    placement: Mapped[Placement] = relationship()
    receiver: Mapped[User | None] = relationship(foreign_keys=[receiver_id])
    receiver_party: Mapped[Party] = relationship()
    event: Mapped[Event | None] = relationship()

    def __repr__(self) -> str:
        return f"<Handover {self.id} of placement {self.placement_id}>"

    @property
    def is_open(self) -> bool:
        """Waiting for the receiver: neither confirmed nor called off."""
        return self.confirmed_at is None and self.called_off_at is None
