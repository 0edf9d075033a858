"""The state of one invoice basis: a workshop's support services to one education provider in
one month, as the provider's coordinator confirmed or disputed it.

The figures themselves are never stored: they are counted from the daily records each time
(:mod:`portal.invoicing.basis`), so a correction in the records shows at once. What is kept is
the state, the figures' fingerprint when it was decided (a decision on other figures no
longer holds: the basis reads as open again) and the comments of a dispute and its answers.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.models import UTCDateTime, created_at_column, str_enum
from portal.extensions import Model

if TYPE_CHECKING:
    from portal.auth.models import User
    from portal.parties.models import Party
    from portal.placements.models import Placement


class BasisState(enum.StrEnum):
    OPEN = "open"
    CONFIRMED = "confirmed"
    DISPUTED = "disputed"


class CommentKind(enum.StrEnum):
    DISPUTE = "dispute"  # the provider disputes a line
    ANSWER = "answer"  # the workshop answers


class InvoiceBasis(Model):
    __tablename__ = "invoice_basis"
    __table_args__ = (
        # One basis per workshop, provider and month: how every page finds it.
        sa.UniqueConstraint("workshop_id", "provider_id", "month"),
        # The provider's list of its bases, the latest month first.
        sa.Index("ix_invoice_basis_provider_month", "provider_id", "month"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(sa.ForeignKey("party.id", ondelete="CASCADE"))
    provider_id: Mapped[int] = mapped_column(sa.ForeignKey("party.id", ondelete="CASCADE"))
    # The month's first day.
    month: Mapped[date]
    state: Mapped[BasisState] = mapped_column(str_enum(BasisState), default=BasisState.OPEN)
    # The fingerprint of the figures confirmed or disputed (see basis.Basis.fingerprint).
    figures: Mapped[str] = mapped_column(sa.String(64), default="")
    decided_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    workshop: Mapped[Party] = relationship(foreign_keys=[workshop_id])
    provider: Mapped[Party] = relationship(foreign_keys=[provider_id])
    decided_by: Mapped[User | None] = relationship()
    comments: Mapped[list[InvoiceBasisComment]] = relationship(
        order_by="InvoiceBasisComment.id", back_populates="basis"
    )


class InvoiceBasisComment(Model):
    """A line disputed with its reason, or the workshop's answer."""

    __tablename__ = "invoice_basis_comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The basis's page reads its comments in order.
    basis_id: Mapped[int] = mapped_column(
        sa.ForeignKey("invoice_basis.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[CommentKind] = mapped_column(str_enum(CommentKind))
    # The line disputed (its placement); none for an answer.
    placement_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("placement.id", ondelete="SET NULL"), index=True
    )
    body: Mapped[str] = mapped_column(sa.Text)
    author_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    # Kept as written, so the thread reads the same if the account changes later.
    author_name: Mapped[str] = mapped_column(sa.String(200), default="")
    created_at: Mapped[datetime] = created_at_column()

    basis: Mapped[InvoiceBasis] = relationship(back_populates="comments")
    placement: Mapped[Placement | None] = relationship()
