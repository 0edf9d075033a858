"""A placement's skills demonstrations (portal.placements.demonstrations has their rules)."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.dates import today
from portal.core.models import created_at_column, str_enum
from portal.extensions import Model
from portal.placements.enums import DemonstrationResult

if TYPE_CHECKING:
    from portal.placements.models import Placement, PlacementQualificationUnit


class Demonstration(Model):
    """A skills demonstration (*näyttö*) held during or after a placement.

    It is planned by either party and can be changed until it is held; afterwards the
    education provider records its result (portal.placements.demonstrations).
    """

    __tablename__ = "placement_demonstration"
    __table_args__ = (
        sa.CheckConstraint("grade IS NULL OR grade BETWEEN 1 AND 5", name="grade_1_to_5"),
        sa.CheckConstraint(
            "(result IS NULL) = (result_recorded_on IS NULL)", name="result_with_its_date"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(
        sa.ForeignKey("placement.id", ondelete="CASCADE"), index=True
    )
    # The placement's unit it demonstrates; the text is its label as chosen, or typed when
    # the placement names no units, so the demonstration reads the same if the unit goes.
    unit_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey(
            "placement_qualification_unit.id",
            ondelete="SET NULL",
            # The naming convention's names of these two are too long for PostgreSQL.
            name="fk_placement_demonstration_unit",
        ),
        index=True,
    )
    qualification_unit: Mapped[str] = mapped_column(sa.String(200))
    held_on: Mapped[date]
    place: Mapped[str] = mapped_column(sa.String(200))
    # The provider's teacher and the workshop's working-life representative: a portal user of
    # that party (the id, the name kept as chosen) or a name typed for an external assessor.
    teacher_assessor_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    teacher_assessor: Mapped[str] = mapped_column(sa.String(200), default="")
    working_life_assessor_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey(
            "user_account.id", ondelete="SET NULL", name="fk_placement_demonstration_wl_assessor"
        ),
        index=True,
    )
    working_life_assessor: Mapped[str] = mapped_column(sa.String(200), default="")
    # The result, recorded by the provider once the day has come.
    result: Mapped[DemonstrationResult | None] = mapped_column(str_enum(DemonstrationResult))
    # On the scale 1–5, where the qualification uses grades; empty where it does not.
    grade: Mapped[int | None]
    result_recorded_on: Mapped[date | None]
    result_recorded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = created_at_column()

    placement: Mapped[Placement] = relationship(back_populates="demonstrations")
    unit: Mapped[PlacementQualificationUnit | None] = relationship()

    @property
    def is_held(self) -> bool:
        """Held once its day has passed or its result is in: no longer changed then."""
        return self.result is not None or self.held_on < today()
