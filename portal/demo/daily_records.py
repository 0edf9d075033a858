"""A month of daily records for the demo's ongoing workshop periods at Parik.

Sanna, the job coach, has written each weekday (public holidays aside) of the previous month
and of this month up to yesterday: mostly present, with a few days ill, away for another
reason and on agreed leave. Maria, Parik's coordinator, closed the previous month at the
start of this one, and one of its days was corrected afterwards, with the reason. Today is
left for the day screen.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import holidays
import sqlalchemy as sa

from portal.core.i18n import HELSINKI
from portal.daily_records.models import ClosedMonth, DailyRecord, Presence
from portal.demo import DemoContext
from portal.demo.placement_builder import Builder
from portal.extensions import db
from portal.placements.models import Direction, Placement, PlacementStatus, StepKind

MARIA = "maria.virtanen@parik.example"
SANNA = "sanna.nieminen@parik.example"
NOTES = (
    "Hyllyn runko koottu ohjeen mukaan, työturvallisuus kerrattu.",
    "Hiontaa ja pintakäsittelyn valmistelua, työskenteli itsenäisesti.",
    "Mittaus ja sahaus, harjoiteltiin piirustuksen lukemista.",
    "Lakkausta, keskittyminen parani iltapäivää kohti.",
    "Koneiden huolto ja siivous, HOKS-tavoitteet käyty läpi.",
)
# Which weekdays (counted from the start) are absences, and of which kind.
ABSENCE_DAYS = {4: Presence.ILL, 5: Presence.ILL, 11: Presence.ABSENT, 19: Presence.AGREED_LEAVE}


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=HELSINKI).astimezone(UTC)


def _month(day: date) -> date:
    return day.replace(day=1)


def _working_days(first: date, last: date) -> list[date]:
    off = holidays.Finland(years=range(first.year, last.year + 1))
    count = (last - first).days + 1
    days = (first + timedelta(days=n) for n in range(max(count, 0)))
    return [d for d in days if d.weekday() < 5 and d not in off]


def _entry(placement: Placement, day: date, number: int, coach_id: int) -> DailyRecord:
    presence = ABSENCE_DAYS.get(number % 23, Presence.PRESENT)
    units = [unit.label for unit in placement.units]
    present = presence == Presence.PRESENT
    return DailyRecord(
        placement_id=placement.id,
        day=day,
        presence=presence,
        hours=(Decimal("5.00") if day.weekday() == 4 else Decimal("6.00")) if present else None,
        note=NOTES[number % len(NOTES)] if present else "",
        qualification_unit=units[number % len(units)] if present and units else "",
        recorded_by_id=coach_id,
        recorded_at=_at(day, 15),
    )


def _period(b: Builder, placement: Placement, corrected: bool) -> None:
    today = b.today
    previous = _month(_month(today) - timedelta(days=1))
    first = max(placement.started_on or placement.start_on, previous)
    coach, coordinator = b.person(SANNA), b.person(MARIA)
    days = _working_days(first, today - timedelta(days=1))
    records = [_entry(placement, day, n, coach.id) for n, day in enumerate(days)]
    db.session.add_all(records)
    if first >= _month(today):
        return
    closed_at = min(_at(_month(today) + timedelta(days=1), 9), datetime.now(UTC))
    db.session.add(
        ClosedMonth(
            placement_id=placement.id,
            month=previous,
            closed_by_id=coordinator.id,
            closed_at=closed_at,
        )
    )
    b.step(
        placement,
        StepKind.RECORDS_MONTH_CLOSED,
        MARIA,
        (today - closed_at.date()).days,
        hour=9,
        comment=f"{previous:%Y-%m}",
    )
    if not corrected:
        return
    # A day written as present turned out to be a day of illness: corrected after closing.
    closed_days = [r for r in records if r.day < _month(today)]
    day_present = next(r for r in closed_days if r.presence == Presence.PRESENT)
    db.session.add(
        DailyRecord(
            placement_id=placement.id,
            day=day_present.day,
            revision=2,
            presence=Presence.ILL,
            correction_reason="Oli sairaana; merkitty vahingossa läsnäoloksi.",
            recorded_by_id=coach.id,
            recorded_at=closed_at + timedelta(hours=2),
        )
    )
    b.step(
        placement,
        StepKind.RECORDS_DAY_CORRECTED,
        SANNA,
        (today - closed_at.date()).days,
        hour=11,
        comment=day_present.day.isoformat(),
    )


def load(context: DemoContext) -> None:
    """After the teams: the job coach on each ongoing period writes its days."""
    b = Builder(context)
    periods = db.session.scalars(
        sa.select(Placement)
        .where(
            Placement.direction == Direction.TO_WORKSHOP,
            Placement.status == PlacementStatus.ONGOING,
            Placement.receiver_party_id == context.party("parik").id,
        )
        .order_by(Placement.reference)
    ).all()
    for number, placement in enumerate(periods):
        _period(b, placement, corrected=number == 0)
    db.session.flush()
