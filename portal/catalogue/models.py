"""Learning-environment reports (*oppimisympäristön tunnistamisraportti*) and their
qualification units (*tutkinnon osat*)."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.auth.models import User
from portal.core import dates
from portal.core.dates import add_months
from portal.core.models import UTCDateTime, created_at_column
from portal.extensions import Model
from portal.parties.models import Unit


class LearningEnvironment(Model):
    """The report of one workshop unit: the work done there and what can be completed in it."""

    __tablename__ = "learning_environment"
    __table_args__ = (sa.CheckConstraint("capacity > 0", name="capacity_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # One report a unit (a field or a site of a workshop).
    unit_id: Mapped[int] = mapped_column(sa.ForeignKey("unit.id", ondelete="CASCADE"), unique=True)
    work_description: Mapped[str] = mapped_column(sa.Text)
    # Trainees the unit can take at once.
    capacity: Mapped[int]
    # The report's own date and who made it, as written on the report.
    reported_on: Mapped[date]
    author: Mapped[str] = mapped_column(sa.String(200))
    # None while the report is a draft that only its own workshop sees.
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = created_at_column()
    updated_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    # Folded and stemmed words of the unit's name and the work, for the search by field
    # (see portal.catalogue.search); rebuilt when either changes.
    search_text: Mapped[str] = mapped_column(sa.Text, default="")

    unit: Mapped[Unit] = relationship()
    updated_by: Mapped[User | None] = relationship()
    qualification_units: Mapped[list[QualificationUnit]] = relationship(
        back_populates="environment",
        order_by="(QualificationUnit.qualification, QualificationUnit.name, QualificationUnit.id)",
        cascade="all, delete-orphan",
    )

    def __repr__(self) -> str:
        return f"<LearningEnvironment {self.id} unit={self.unit_id}>"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def review_due_on(self, months: int) -> date:
        """The day the report becomes due for review: ``months`` after its date."""
        return add_months(self.reported_on, months)

    def is_due_for_review(self, months: int, today: date | None = None) -> bool:
        return self.review_due_on(months) <= (today or dates.today())


class QualificationUnit(Model):
    """A whole qualification unit (*tutkinnon osa*) that can be completed in the unit's work."""

    __tablename__ = "qualification_unit"

    id: Mapped[int] = mapped_column(primary_key=True)
    environment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("learning_environment.id", ondelete="CASCADE"), index=True
    )
    # Free text: the national registries are not reachable from the portal.
    qualification: Mapped[str] = mapped_column(sa.String(200))
    name: Mapped[str] = mapped_column(sa.String(200))
    code: Mapped[str] = mapped_column(sa.String(20), default="")
    can_host_demonstration: Mapped[bool] = mapped_column(default=False)
    can_issue_certificate: Mapped[bool] = mapped_column(default=False)
    # Folded and stemmed words of the names and the code (see portal.catalogue.search).
    search_text: Mapped[str] = mapped_column(sa.Text, default="")

    environment: Mapped[LearningEnvironment] = relationship(back_populates="qualification_units")

    def __repr__(self) -> str:
        return f"<QualificationUnit {self.id} {self.name!r}>"
