"""Competence certificates (*osaamistodistus*) of a placement and the units they certify.

A certificate is issued once and never edited: its PDF is kept as one of the placement's
confidential documents, and the row keeps what the PDF says (for the page and the
verification) with the SHA-256 of the PDF's bytes. Only the provider's record of what was
recognised in the student's HOKS is added afterwards, per unit.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.models import UTCDateTime, created_at_column, str_enum
from portal.extensions import Model

if TYPE_CHECKING:
    from portal.auth.models import User
    from portal.documents.models import Document
    from portal.placements.models import Placement


class Recognition(enum.StrEnum):
    """What the education provider recognised (*tunnusti*) of a unit in the HOKS."""

    RECOGNISED = "recognised"
    PARTLY = "partly"
    NOT_RECOGNISED = "not_recognised"


class Certificate(Model):
    """One competence certificate, as issued."""

    __tablename__ = "competence_certificate"
    __table_args__ = (
        sa.CheckConstraint("period_end >= period_start", name="period_in_order"),
        # A placement's certificates, the latest first (its panel).
        sa.Index("ix_competence_certificate_placement_issued", "placement_id", "issued_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(sa.ForeignKey("placement.id", ondelete="CASCADE"))
    # The PDF, one of the placement's documents; who reads the certificate follows it.
    document_id: Mapped[int] = mapped_column(
        sa.ForeignKey("document.id", ondelete="CASCADE"), unique=True
    )
    # Random and unguessable, printed on the PDF; the verification page looks it up.
    code: Mapped[str] = mapped_column(sa.String(32), unique=True)
    pdf_sha256: Mapped[str] = mapped_column(sa.String(64))
    # As printed: the workshop, the signer and their title, the assessors.
    workshop_name: Mapped[str] = mapped_column(sa.String(200))
    signer_name: Mapped[str] = mapped_column(sa.String(200))
    signer_title: Mapped[str] = mapped_column(sa.String(200), default="")
    assessed_by: Mapped[str] = mapped_column(sa.String(300))
    period_start: Mapped[date]
    period_end: Mapped[date]
    hours: Mapped[Decimal | None] = mapped_column(sa.Numeric(7, 2))
    issued_on: Mapped[date]
    issued_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = created_at_column()
    # The provider's record of the recognition, when made.
    recognised_on: Mapped[date | None]
    recognised_by_name: Mapped[str] = mapped_column(sa.String(200), default="")
    recognition_recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    placement: Mapped[Placement] = relationship()
    document: Mapped[Document] = relationship()
    issued_by: Mapped[User | None] = relationship()
    units: Mapped[list[CertificateUnit]] = relationship(
        back_populates="certificate",
        order_by="CertificateUnit.position",
        cascade="all, delete-orphan",
    )

    def __repr__(self) -> str:
        return f"<Certificate {self.id} placement={self.placement_id}>"


class CertificateUnit(Model):
    """A qualification unit the certificate describes: the skills shown and how."""

    __tablename__ = "competence_certificate_unit"

    id: Mapped[int] = mapped_column(primary_key=True)
    certificate_id: Mapped[int] = mapped_column(
        sa.ForeignKey(
            "competence_certificate.id",
            ondelete="CASCADE",
            # The naming convention's name is longer than PostgreSQL's 63 characters.
            name="fk_competence_certificate_unit_certificate",
        ),
        index=True,
    )
    position: Mapped[int] = mapped_column(default=0)
    # A copy of the unit's name and code as certified; the catalogue's unit may change later.
    name: Mapped[str] = mapped_column(sa.String(200))
    code: Mapped[str] = mapped_column(sa.String(20), default="")
    skills: Mapped[str] = mapped_column(sa.Text)
    how_shown: Mapped[str] = mapped_column(sa.Text)
    # The provider's record: recognised in the HOKS, and what remains to be completed.
    recognition: Mapped[Recognition | None] = mapped_column(str_enum(Recognition))
    remaining: Mapped[str] = mapped_column(sa.Text, default="")

    certificate: Mapped[Certificate] = relationship(back_populates="units")

    @property
    def label(self) -> str:
        return f"{self.name} ({self.code})" if self.code else self.name
