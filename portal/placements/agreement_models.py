"""The per-trainee agreement of a placement: its versions and the parties' signatures."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.auth.models import Role
from portal.core.models import created_at_column, json_column, str_enum
from portal.extensions import Model

if TYPE_CHECKING:
    from portal.auth.models import User
    from portal.parties.models import Party
    from portal.placements.models import Placement


class PlacementAgreement(Model):
    """One version of the per-trainee agreement: a snapshot of the terms both parties sign.

    Version 1 is made when the receiver accepts; every amendment is a new version. Old
    versions stay, so the history shows every set of terms and who signed it.
    """

    __tablename__ = "placement_agreement"
    __table_args__ = (sa.UniqueConstraint("placement_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(
        sa.ForeignKey("placement.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    terms: Mapped[dict[str, Any]] = json_column()
    # Why the terms were changed; empty for the first version.
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = created_at_column()

    placement: Mapped[Placement] = relationship(back_populates="agreements")
    created_by: Mapped[User | None] = relationship()
    signatures: Mapped[list[PlacementSignature]] = relationship(
        back_populates="agreement",
        order_by="PlacementSignature.signed_at",
        cascade="all, delete-orphan",
    )

    @property
    def is_signed_by_both(self) -> bool:
        return len({s.party_id for s in self.signatures}) >= 2

    def signature_of(self, party_id: int | None) -> PlacementSignature | None:
        return next((s for s in self.signatures if s.party_id == party_id), None)


class PlacementSignature(Model):
    """A contact person's signature of one version, given in the portal."""

    __tablename__ = "placement_signature"
    # One signature per party and version; the database refuses a second one.
    __table_args__ = (sa.UniqueConstraint("agreement_id", "party_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(
        sa.ForeignKey("placement_agreement.id", ondelete="CASCADE"), index=True
    )
    party_id: Mapped[int] = mapped_column(sa.ForeignKey("party.id"))
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    # As signed, kept even if the account changes later.
    signer_name: Mapped[str] = mapped_column(sa.String(200))
    signer_title: Mapped[str] = mapped_column(sa.String(200), default="")
    signer_role: Mapped[Role] = mapped_column(str_enum(Role))
    signed_at: Mapped[datetime] = created_at_column()

    agreement: Mapped[PlacementAgreement] = relationship(back_populates="signatures")
    party: Mapped[Party] = relationship()
