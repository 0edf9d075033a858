"""Quota places (*kiintiöpaikat*): places a workshop reserves for an education provider, and
the places the provider fills.

A :class:`Quota` is N places of one workshop unit for one provider and field over a period.
Each :class:`QuotaAllocation` is one filled place over its own dates: a workshop-period
placement, or a named reservation (a pseudonymous reference) that is later turned into a
placement. Places are counted by dates, so a place used in January–March and another used
in April–June are one place, not two.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.models import UTCDateTime, created_at_column, utcnow
from portal.extensions import Model

if TYPE_CHECKING:
    from portal.auth.models import User
    from portal.parties.models import Party, Unit
    from portal.placements.models import Placement


class Quota(Model):
    """N places of a workshop unit reserved for an education provider over a period."""

    __tablename__ = "quota"
    __table_args__ = (
        sa.CheckConstraint("workshop_id <> provider_id", name="two_parties"),
        sa.CheckConstraint("end_on >= start_on", name="end_after_start"),
        # After the reply-by date the unfilled places go back to the workshop: 0 is possible.
        sa.CheckConstraint("places >= 0", name="places_not_negative"),
        sa.CheckConstraint("released_places >= 0", name="released_not_negative"),
        sa.Index("ix_quota_workshop_provider", "workshop_id", "provider_id"),
        # A party's quotas by period: the list's order and the overview's months.
        sa.Index("ix_quota_workshop_start", "workshop_id", "start_on"),
        sa.Index("ix_quota_provider_start", "provider_id", "start_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(sa.ForeignKey("party.id"))
    unit_id: Mapped[int] = mapped_column(sa.ForeignKey("unit.id"))
    provider_id: Mapped[int] = mapped_column(sa.ForeignKey("party.id"), index=True)
    field_name: Mapped[str] = mapped_column(sa.String(200))
    start_on: Mapped[date]
    end_on: Mapped[date]
    places: Mapped[int]
    # The provider fills the places by this day; what is unfilled then goes back.
    reply_by: Mapped[date] = mapped_column(index=True)
    note: Mapped[str] = mapped_column(sa.Text, default="")
    # Set when the unfilled places were released at the reply-by date (and how many).
    released_on: Mapped[date | None]
    released_places: Mapped[int] = mapped_column(default=0)

    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    workshop: Mapped[Party] = relationship(foreign_keys=[workshop_id])
    provider: Mapped[Party] = relationship(foreign_keys=[provider_id])
    unit: Mapped[Unit] = relationship()
    created_by: Mapped[User | None] = relationship()
    allocations: Mapped[list[QuotaAllocation]] = relationship(
        back_populates="quota",
        order_by="(QuotaAllocation.start_on, QuotaAllocation.id)",
        cascade="all, delete-orphan",
    )

    def __repr__(self) -> str:
        return f"<Quota {self.id} {self.places} places {self.start_on}–{self.end_on}>"

    def involves(self, party_id: int | None) -> bool:
        return party_id is not None and party_id in (self.workshop_id, self.provider_id)

    def other_party(self, party_id: int | None) -> Party:
        return self.provider if party_id == self.workshop_id else self.workshop


class QuotaAllocation(Model):
    """One filled place: a workshop-period placement, or a named reservation.

    ``start_on``–``end_on`` are the place's dates (inclusive); for a placement they follow
    its terms. ``released_on`` is the first day the place is free again after the provider
    released it. A placement that leaves the active states ends its place without a release
    (see :mod:`portal.quotas.occupancy`).
    """

    __tablename__ = "quota_allocation"
    __table_args__ = (
        sa.CheckConstraint("end_on >= start_on", name="end_after_start"),
        sa.CheckConstraint("placement_id IS NOT NULL OR reference <> ''", name="names_someone"),
        # A placement fills at most one place at a time, whichever quota it is in; the
        # database refuses a second one even when two quotas are filled at the same moment.
        sa.Index(
            "uq_quota_allocation_live_placement",
            "placement_id",
            unique=True,
            sqlite_where=sa.text("placement_id IS NOT NULL AND released_on IS NULL"),
            postgresql_where=sa.text("placement_id IS NOT NULL AND released_on IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    quota_id: Mapped[int] = mapped_column(sa.ForeignKey("quota.id", ondelete="CASCADE"), index=True)
    placement_id: Mapped[int | None] = mapped_column(sa.ForeignKey("placement.id"))
    # The named reservation's pseudonymous reference; kept when it becomes a placement.
    reference: Mapped[str] = mapped_column(sa.String(40), default="")
    start_on: Mapped[date]
    end_on: Mapped[date]
    released_on: Mapped[date | None]
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = created_at_column()
    released_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )

    quota: Mapped[Quota] = relationship(back_populates="allocations")
    placement: Mapped[Placement | None] = relationship()
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    released_by: Mapped[User | None] = relationship(foreign_keys=[released_by_id])

    def __repr__(self) -> str:
        what = f"placement={self.placement_id}" if self.placement_id else repr(self.reference)
        return f"<QuotaAllocation {self.id} quota={self.quota_id} {what}>"

    @property
    def is_reservation(self) -> bool:
        return self.placement_id is None

    @property
    def is_released(self) -> bool:
        return self.released_on is not None
