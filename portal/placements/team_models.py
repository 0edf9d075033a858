"""The people of a placement and the young person's consent to share information about it.

A placement's *team* names the people who work with the young person, each with their role.
They come from the two parties, or — only while the young person's consent covers their
party — from a third party such as the social services. Who sees a placement follows from
its team (``policy.placement_scope``): need to know.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.dates import today
from portal.core.models import UTCDateTime, created_at_column, str_enum
from portal.extensions import Model
from portal.placements.enums import ConsentManner, TeamRole

if TYPE_CHECKING:
    from portal.auth.models import User
    from portal.parties.models import Party
    from portal.placements.models import Placement


consent_party = sa.Table(
    "placement_consent_party",
    Model.metadata,
    sa.Column(
        "consent_id",
        sa.ForeignKey("placement_consent.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("party_id", sa.ForeignKey("party.id", ondelete="CASCADE"), primary_key=True),
)


class Consent(Model):
    """The young person's consent to the exchange of information about one placement.

    Given on paper (the scan is one of the placement's documents) or orally (noted by the
    person who heard it). It covers the parties named in it until ``valid_until`` or until
    it is withdrawn; withdrawing it keeps the record, so the timeline can say what was agreed.
    """

    __tablename__ = "placement_consent"
    __table_args__ = (sa.CheckConstraint("valid_until >= given_on", name="valid_after_given"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(
        sa.ForeignKey("placement.id", ondelete="CASCADE"), index=True
    )
    information: Mapped[str] = mapped_column(sa.Text)
    purpose: Mapped[str] = mapped_column(sa.Text)
    given_on: Mapped[date]
    valid_until: Mapped[date]
    manner: Mapped[ConsentManner] = mapped_column(str_enum(ConsentManner))
    # The scanned paper, one of the placement's documents (placements does not read documents:
    # the id is offered and checked by the package that links documents to placements).
    document_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("document.id", ondelete="SET NULL")
    )
    # Who heard an oral consent, as they wrote it.
    noted_by: Mapped[str] = mapped_column(sa.String(200), default="")
    recorded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    recorded_at: Mapped[datetime] = created_at_column()
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    withdrawn_by_name: Mapped[str] = mapped_column(sa.String(200), default="")
    withdrawal_reason: Mapped[str] = mapped_column(sa.Text, default="")

    placement: Mapped[Placement] = relationship(back_populates="consents")
    parties: Mapped[list[Party]] = relationship(secondary=consent_party, order_by="Party.name")
    recorded_by: Mapped[User | None] = relationship()

    def is_valid(self, on: date | None = None) -> bool:
        on = on or today()
        return self.withdrawn_at is None and self.given_on <= on <= self.valid_until

    def covers(self, party_id: int, on: date | None = None) -> bool:
        return self.is_valid(on) and any(p.id == party_id for p in self.parties)


class TeamMember(Model):
    """A person on the team of a placement, in a role."""

    __tablename__ = "placement_team_member"
    __table_args__ = (sa.UniqueConstraint("placement_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(
        sa.ForeignKey("placement.id", ondelete="CASCADE"), index=True
    )
    # Indexed for the scope: "the placements I am on the team of" is asked on every page.
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    # The person's party when added; a third party's member is there by a consent.
    party_id: Mapped[int] = mapped_column(sa.ForeignKey("party.id"))
    role: Mapped[TeamRole] = mapped_column(str_enum(TeamRole))
    consent_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("placement_consent.id", ondelete="CASCADE"), index=True
    )
    added_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    added_at: Mapped[datetime] = created_at_column()

    placement: Mapped[Placement] = relationship(back_populates="team")
    user: Mapped[User] = relationship(foreign_keys=[user_id])
    party: Mapped[Party] = relationship()
    consent: Mapped[Consent | None] = relationship()

    @property
    def is_third_party(self) -> bool:
        return self.consent_id is not None
