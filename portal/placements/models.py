"""Placements in both directions, their qualification units, timeline and comments.

The versions of the per-trainee agreement and their signatures are
:mod:`portal.placements.agreement_models`.

An individual is named by a pseudonymous reference and initials; a full name, if entered,
is seen only by the two parties involved (the placement's scope). Never an identity code.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.models import UTCDateTime, created_at_column, str_enum, utcnow
from portal.extensions import Model
from portal.placements.enums import (
    Direction,
    NextStep,
    PlacementStatus,
    Pricing,
    StepKind,
    SupportLevel,
)

if TYPE_CHECKING:
    from portal.auth.models import User
    from portal.catalogue.models import QualificationUnit
    from portal.parties.models import Party, Unit


class Placement(Model):
    """A trainee moving to studies, or a student's workshop period, between two parties.

    The columns hold the terms in force: those of the latest version of the per-trainee
    agreement signed by both parties, or before that the terms as requested.

    Features that build on placements (quota places, documents) refer to a placement from
    their own tables by ``placement_id`` and reach it through its scope.
    """

    __tablename__ = "placement"
    __table_args__ = (
        sa.CheckConstraint("sender_party_id <> receiver_party_id", name="two_parties"),
        sa.CheckConstraint("end_on IS NULL OR end_on > start_on", name="end_after_start"),
        sa.Index("ix_placement_sender_status", "sender_party_id", "status"),
        sa.Index("ix_placement_receiver_status", "receiver_party_id", "status"),
        # The list shows a party's placements, the latest start first, a year at a time.
        sa.Index("ix_placement_sender_start", "sender_party_id", "start_on"),
        sa.Index("ix_placement_receiver_start", "receiver_party_id", "start_on"),
        # The support-days report reads only the periods that began by the end of its year.
        sa.Index("ix_placement_started", "started_on"),
        # The scope's parts (placements.policy.visible_placement_ids) read the ids of a
        # party's placements from these alone; the receiver sees only submitted ones.
        sa.Index("ix_placement_sender_id", "sender_party_id", "id"),
        sa.Index(
            "ix_placement_receiver_submitted_id",
            "receiver_party_id",
            "id",
            postgresql_where=sa.text("submitted_at IS NOT NULL"),
            sqlite_where=sa.text("submitted_at IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    direction: Mapped[Direction] = mapped_column(str_enum(Direction))
    status: Mapped[PlacementStatus] = mapped_column(
        str_enum(PlacementStatus), default=PlacementStatus.DRAFT
    )
    # The party that starts the request, and the other one.
    sender_party_id: Mapped[int] = mapped_column(sa.ForeignKey("party.id"))
    receiver_party_id: Mapped[int] = mapped_column(sa.ForeignKey("party.id"))

    # The individual, pseudonymously.
    reference: Mapped[str] = mapped_column(sa.String(40))
    initials: Mapped[str] = mapped_column(sa.String(10))
    full_name: Mapped[str] = mapped_column(sa.String(200), default="")
    if TYPE_CHECKING:
        # The head of the access log's chain, mapped by access_models and read only on demand.
        access_head_seq: Mapped[int | None]
        access_head_hash: Mapped[str | None]

    # Terms of both directions. Dates stay dates: support days × daily price are reported.
    start_on: Mapped[date]
    end_on: Mapped[date | None]
    livelihood_checked: Mapped[bool] = mapped_column(default=False)
    livelihood_note: Mapped[str] = mapped_column(sa.Text, default="")

    # To studies.
    field_name: Mapped[str] = mapped_column(sa.String(200), default="")
    qualification_name: Mapped[str] = mapped_column(sa.String(200), default="")
    support_role: Mapped[str] = mapped_column(sa.Text, default="")
    demonstrations_at_workshop: Mapped[bool] = mapped_column(default=False)

    # To a workshop period.
    hoks_goals: Mapped[str] = mapped_column(sa.Text, default="")
    support_level: Mapped[SupportLevel | None] = mapped_column(str_enum(SupportLevel))
    daily_price: Mapped[Decimal | None] = mapped_column(sa.Numeric(8, 2))
    # Why the price is outside the recommended range for the support level.
    price_reason: Mapped[str] = mapped_column(sa.Text, default="")
    special_support: Mapped[bool] = mapped_column(default=False)
    # Which absences count as support days, like a day present: none unless agreed.
    ill_days_paid: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    agreed_leave_paid: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    duties_confirmed: Mapped[bool] = mapped_column(default=False)
    # Prices as agreed (portal.placements.prices): by day, or a service package whose
    # instalments are rows of their own; how special support's extra is shared; the result
    # bonus per qualification unit completed up to its last day. Empty before they were asked.
    pricing: Mapped[Pricing] = mapped_column(
        str_enum(Pricing), default=Pricing.BY_DAY, server_default=Pricing.BY_DAY.value
    )
    package_sum: Mapped[Decimal | None] = mapped_column(sa.Numeric(10, 2))
    package_description: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    extra_share_percent: Mapped[Decimal | None] = mapped_column(sa.Numeric(5, 2))
    extra_share_note: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    bonus_amount: Mapped[Decimal | None] = mapped_column(sa.Numeric(10, 2))
    bonus_last_day: Mapped[date | None]
    # The training agreement (koulutussopimus) of a workshop period: where and with whom the
    # student works, the hours, how competence is assessed, and what the parties add to the
    # standard split of duties. Empty in agreements made before these were asked for.
    workplace_name: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    workplace_address: Mapped[str] = mapped_column(sa.String(300), default="", server_default="")
    # A person is either a portal user of the party (the id) or typed by name; the name and
    # contact are kept as agreed, so the agreement reads the same when the account changes.
    instructor_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    instructor_name: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    instructor_contact: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    teacher_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    teacher_name: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    teacher_contact: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    working_hours: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    assessment: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    provider_duties: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    workshop_duties: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    # The receiving workshop's field or site where the period is done (portal.catalogue_links).
    workshop_unit_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("unit.id", ondelete="SET NULL"), index=True
    )

    # The decision and what happened.
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decline_reason: Mapped[str] = mapped_column(sa.Text, default="")
    started_on: Mapped[date | None]
    ended_on: Mapped[date | None]
    interruption_reason: Mapped[str] = mapped_column(sa.Text, default="")
    next_step: Mapped[NextStep | None] = mapped_column(str_enum(NextStep))
    outcome_note: Mapped[str] = mapped_column(sa.Text, default="")

    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    sender: Mapped[Party] = relationship(foreign_keys=[sender_party_id])
    receiver: Mapped[Party] = relationship(foreign_keys=[receiver_party_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    workshop_unit: Mapped[Unit | None] = relationship()
    units: Mapped[list[PlacementQualificationUnit]] = relationship(
        back_populates="placement",
        order_by="PlacementQualificationUnit.position",
        cascade="all, delete-orphan",
    )
    agreements: Mapped[list[PlacementAgreement]] = relationship(
        back_populates="placement",
        order_by="PlacementAgreement.number",
        cascade="all, delete-orphan",
    )
    demonstrations: Mapped[list[Demonstration]] = relationship(
        back_populates="placement",
        order_by="(Demonstration.held_on, Demonstration.id)",
        cascade="all, delete-orphan",
    )
    steps: Mapped[list[PlacementStep]] = relationship(
        back_populates="placement",
        order_by="(PlacementStep.at, PlacementStep.id)",
        cascade="all, delete-orphan",
    )
    comments: Mapped[list[PlacementComment]] = relationship(
        back_populates="placement",
        order_by="(PlacementComment.created_at, PlacementComment.id)",
        cascade="all, delete-orphan",
    )
    team: Mapped[list[TeamMember]] = relationship(
        back_populates="placement", order_by="TeamMember.id", cascade="all, delete-orphan"
    )
    consents: Mapped[list[Consent]] = relationship(
        back_populates="placement",
        order_by="(Consent.given_on, Consent.id)",
        cascade="all, delete-orphan",
    )
    instalments: Mapped[list[PlacementInstalment]] = relationship(
        back_populates="placement",
        order_by="(PlacementInstalment.due_on, PlacementInstalment.position)",
        cascade="all, delete-orphan",
    )

    def __repr__(self) -> str:
        return f"<Placement {self.id} {self.direction.value} {self.status.value}>"

    @property
    def workshop(self) -> Party:
        return self.sender if self.direction == Direction.TO_STUDIES else self.receiver

    @property
    def provider(self) -> Party:
        return self.receiver if self.direction == Direction.TO_STUDIES else self.sender

    def other_party(self, party_id: int | None) -> Party:
        return self.receiver if party_id == self.sender_party_id else self.sender

    def involves(self, party_id: int | None) -> bool:
        return party_id is not None and party_id in (self.sender_party_id, self.receiver_party_id)

    @property
    def latest_agreement(self) -> PlacementAgreement | None:
        return self.agreements[-1] if self.agreements else None

    @property
    def agreement_in_force(self) -> PlacementAgreement | None:
        """The latest version that both parties have signed."""
        return next((a for a in reversed(self.agreements) if a.is_signed_by_both), None)

    @property
    def pending_agreement(self) -> PlacementAgreement | None:
        """The latest version while it still waits for a signature."""
        latest = self.latest_agreement
        return latest if latest is not None and not latest.is_signed_by_both else None


class PlacementQualificationUnit(Model):
    """A qualification unit (*tutkinnon osa*) worked on during a placement."""

    __tablename__ = "placement_qualification_unit"

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(
        sa.ForeignKey("placement.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(sa.String(200))
    code: Mapped[str] = mapped_column(sa.String(20), default="")
    completed: Mapped[bool] = mapped_column(default=False)
    # The day the unit was completed, as the education provider recorded it (empty when it was
    # only ticked at the complete step): a result bonus falls due by it.
    completed_on: Mapped[date | None] = mapped_column(index=True)
    completion_recorded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey(
            "user_account.id",
            ondelete="SET NULL",
            name="fk_placement_qualification_unit_completion_recorded_by",
        )
    )
    completion_recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The catalogue's unit it was chosen from. Name and code above are a copy, so the placement
    # stays readable when the workshop removes the unit from its report (the link goes empty).
    catalogue_unit_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey(
            "qualification_unit.id",
            ondelete="SET NULL",
            # The naming convention's name is longer than PostgreSQL's 63 characters.
            name="fk_placement_qualification_unit_catalogue_unit",
        ),
        index=True,
    )

    placement: Mapped[Placement] = relationship(back_populates="units")
    catalogue_unit: Mapped[QualificationUnit | None] = relationship()

    @property
    def label(self) -> str:
        return f"{self.name} ({self.code})" if self.code else self.name


class PlacementStep(Model):
    """One entry of a placement's timeline: who did what, when, with their comment."""

    __tablename__ = "placement_step"
    # The front page's placements moved on since the user last looked.
    __table_args__ = (
        sa.Index("ix_placement_step_at", "at"),
        # The front page ranks each placement's latest step.
        sa.Index("ix_placement_step_placement_at", "placement_id", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(
        sa.ForeignKey("placement.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[StepKind] = mapped_column(str_enum(StepKind))
    from_status: Mapped[PlacementStatus | None] = mapped_column(str_enum(PlacementStatus))
    to_status: Mapped[PlacementStatus | None] = mapped_column(str_enum(PlacementStatus))
    # The agreement version a signature or an amendment concerns.
    version: Mapped[int | None]
    actor_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    actor_name: Mapped[str] = mapped_column(sa.String(200), default="")
    party_id: Mapped[int | None] = mapped_column(sa.ForeignKey("party.id"))
    comment: Mapped[str] = mapped_column(sa.Text, default="")
    at: Mapped[datetime] = created_at_column()

    placement: Mapped[Placement] = relationship(back_populates="steps")
    party: Mapped[Party | None] = relationship()


class PlacementComment(Model):
    """A message in a placement's thread, for the people of both parties."""

    __tablename__ = "placement_comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(
        sa.ForeignKey("placement.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    author_name: Mapped[str] = mapped_column(sa.String(200))
    party_id: Mapped[int | None] = mapped_column(sa.ForeignKey("party.id"))
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = created_at_column()

    placement: Mapped[Placement] = relationship(back_populates="comments")
    party: Mapped[Party | None] = relationship()


# The agreement's versions, the team, the consents, the demonstrations and the instalments are
# mapped with the placement they belong to.
from portal.placements.team_models import Consent, TeamMember  # noqa: E402, F401, I001
from portal.placements.demonstration_models import Demonstration  # noqa: E402, F401, I001
from portal.placements.price_models import PlacementInstalment  # noqa: E402, F401, I001
from portal.placements.agreement_models import (  # noqa: E402, F401, I001
    PlacementAgreement,
    PlacementSignature,
)
