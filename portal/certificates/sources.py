"""What an issue form starts from: the qualification units a certificate may name, and the
period's hours from the daily records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from portal.catalogue.models import LearningEnvironment, QualificationUnit
from portal.core import dates
from portal.daily_records.models import DailyRecord
from portal.extensions import db
from portal.placements.enums import Direction
from portal.placements.models import Placement


@dataclass(frozen=True)
class Candidate:
    """A unit the certificate may name; ``key`` is what the form sends back."""

    key: str
    name: str
    code: str
    # Worked on in the placement (agreed in its terms): chosen when the form opens.
    agreed: bool

    @property
    def label(self) -> str:
        return f"{self.name} ({self.code})" if self.code else self.name


def _report_units(placement: Placement) -> list[QualificationUnit]:
    """The units of the workshop unit's learning-environment report that it certifies."""
    if placement.workshop_unit_id is None:
        return []
    stmt = (
        sa.select(QualificationUnit)
        .join(QualificationUnit.environment)
        .where(
            LearningEnvironment.unit_id == placement.workshop_unit_id,
            QualificationUnit.can_issue_certificate.is_(True),
        )
        .order_by(QualificationUnit.qualification, QualificationUnit.name, QualificationUnit.id)
    )
    return list(db.session.scalars(stmt))


def _same(unit: Any, other: Any) -> bool:
    """The same unit, by its code where both have one, otherwise by its name."""
    if unit.code and other.code:
        return bool(unit.code == other.code)
    return bool(unit.name.casefold() == other.name.casefold())


def candidates(placement: Placement) -> list[Candidate]:
    """The report's units that the workshop unit certifies, then the placement's own units not
    among them (units agreed by name only, or with no report at all). A report's unit agreed
    for the placement, chosen from the catalogue or typed alike, is chosen when the form opens."""
    report = _report_units(placement)
    agreed = list(placement.units)
    result = [
        Candidate(
            f"c{unit.id}",
            unit.name,
            unit.code,
            any(a.catalogue_unit_id == unit.id or _same(a, unit) for a in agreed),
        )
        for unit in report
    ]
    result += [
        Candidate(f"p{unit.id}", unit.name, unit.code, True)
        for unit in agreed
        if not any(unit.catalogue_unit_id == r.id or _same(unit, r) for r in report)
    ]
    return result


def period_of(placement: Placement) -> tuple[date, date]:
    """The period as it happened: from the start to its end, or to today while it goes on."""
    today = dates.today()
    start = min(placement.started_on or placement.start_on, today)
    end = placement.ended_on or min(placement.end_on or today, today)
    return start, max(start, end)


def recorded_hours(placement: Placement) -> Decimal | None:
    """The hours of the workshop period's daily records (each day's latest entry), or None
    when nothing is recorded: a trainee moving to studies has no daily records."""
    if placement.direction != Direction.TO_WORKSHOP:
        return None
    rows = db.session.execute(
        sa.select(DailyRecord.day, DailyRecord.hours)
        .where(DailyRecord.placement_id == placement.id)
        .order_by(DailyRecord.day, DailyRecord.revision)
    )
    latest = {day: hours for day, hours in rows}
    if not latest:
        return None
    return sum((hours or Decimal(0) for hours in latest.values()), Decimal(0))
