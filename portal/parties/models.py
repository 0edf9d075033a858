"""Parties of the collaboration agreement, their units and their signatures."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.dates import today
from portal.core.models import created_at_column, str_enum
from portal.extensions import Model

if TYPE_CHECKING:
    from portal.auth.models import User


class PartyKind(enum.StrEnum):
    WORKSHOP = "workshop"
    EDUCATION_PROVIDER = "education_provider"
    SOCIAL_SERVICES = "social_services"
    # A supporting organisation takes part but is not a party: it never receives
    # confidential documents and does not sign.
    SUPPORTING = "supporting"


class UnitKind(enum.StrEnum):
    FIELD = "field"
    SITE = "site"


class Party(Model):
    __tablename__ = "party"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    kind: Mapped[PartyKind] = mapped_column(str_enum(PartyKind))
    business_id: Mapped[str] = mapped_column(sa.String(9), unique=True)
    description: Mapped[str] = mapped_column(sa.Text, default="")
    locality: Mapped[str] = mapped_column(sa.String(100), default="")
    website: Mapped[str] = mapped_column(sa.String(200), default="")
    # Whom a young person or a user asks about their data (the privacy notice names it).
    privacy_contact: Mapped[str] = mapped_column(sa.String(300), default="", server_default="")
    signatory_name: Mapped[str] = mapped_column(sa.String(200), default="")
    signatory_title: Mapped[str] = mapped_column(sa.String(200), default="")
    # Founding parties must all sign before the agreement is in force; later ones join it.
    is_founding: Mapped[bool] = mapped_column(default=False)
    joined_on: Mapped[date | None]
    withdrawn_on: Mapped[date | None]
    withdrawal_notice: Mapped[str] = mapped_column(sa.Text, default="")
    # Need to know: staff see the placements they are on the team of, and — when the party
    # chooses so — every placement done at their own unit (field or site).
    staff_see_unit_placements: Mapped[bool] = mapped_column(
        default=False, server_default=sa.false()
    )
    created_at: Mapped[datetime] = created_at_column()

    units: Mapped[list[Unit]] = relationship(
        back_populates="party", order_by="Unit.name", cascade="all, delete-orphan"
    )
    signatures: Mapped[list[Signature]] = relationship(
        back_populates="party", order_by="Signature.signed_on"
    )
    users: Mapped[list[User]] = relationship(back_populates="party", order_by="User.name")

    def __repr__(self) -> str:
        return f"<Party {self.id} {self.name!r}>"

    @property
    def is_party(self) -> bool:
        """A supporting organisation takes part in the work but is not a party to the agreement."""
        return self.kind != PartyKind.SUPPORTING

    def is_withdrawn(self, on: date | None = None) -> bool:
        on = on or today()
        return self.withdrawn_on is not None and self.withdrawn_on <= on

    @property
    def is_active(self) -> bool:
        """An active party may start new work; a withdrawn one only finishes what is ongoing."""
        return not self.is_withdrawn()


class Unit(Model):
    """A field (*ala*) or a site (*toimipiste*) of a party."""

    __tablename__ = "unit"
    __table_args__ = (sa.UniqueConstraint("party_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    party_id: Mapped[int] = mapped_column(sa.ForeignKey("party.id", ondelete="CASCADE"), index=True)
    kind: Mapped[UnitKind] = mapped_column(str_enum(UnitKind))
    name: Mapped[str] = mapped_column(sa.String(200))
    locality: Mapped[str] = mapped_column(sa.String(100), default="")
    address: Mapped[str] = mapped_column(sa.String(300), default="")

    party: Mapped[Party] = relationship(back_populates="units")

    def __repr__(self) -> str:
        return f"<Unit {self.id} {self.name!r}>"


class Agreement(Model):
    """The collaboration guidelines (*linjaukset*) that the parties sign."""

    __tablename__ = "agreement"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(300))
    summary: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = created_at_column()

    signatures: Mapped[list[Signature]] = relationship(
        back_populates="agreement", order_by="Signature.signed_on"
    )


class Signature(Model):
    """One party's signature of the agreement, as written on the signed copy."""

    __tablename__ = "signature"
    __table_args__ = (sa.UniqueConstraint("agreement_id", "party_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(sa.ForeignKey("agreement.id"), index=True)
    party_id: Mapped[int] = mapped_column(sa.ForeignKey("party.id"), index=True)
    signer_name: Mapped[str] = mapped_column(sa.String(200))
    signer_title: Mapped[str] = mapped_column(sa.String(200))
    place: Mapped[str] = mapped_column(sa.String(100))
    signed_on: Mapped[date]
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = created_at_column()

    agreement: Mapped[Agreement] = relationship(back_populates="signatures")
    party: Mapped[Party] = relationship(back_populates="signatures")
