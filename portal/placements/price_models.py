"""The instalments of a service package: rows of their own, so that the invoice basis reads
those due in a month with one indexed query."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import Model

if TYPE_CHECKING:
    from portal.placements.models import Placement


class PlacementInstalment(Model):
    """One instalment of a package-priced workshop period, as the terms in force say."""

    __tablename__ = "placement_instalment"
    __table_args__ = (sa.Index("ix_placement_instalment_placement_due", "placement_id", "due_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(sa.ForeignKey("placement.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(default=0)
    # The month of the invoice basis is found by the due date.
    due_on: Mapped[date] = mapped_column(index=True)
    amount: Mapped[Decimal] = mapped_column(sa.Numeric(10, 2))

    placement: Mapped[Placement] = relationship(back_populates="instalments")
