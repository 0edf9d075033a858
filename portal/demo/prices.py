"""Prices as agreed in the demo: a workshop period priced as a service package paid in
monthly instalments, and on the ongoing period with a result bonus a qualification unit that
Luovi recorded completed, so the bonus is due."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import sqlalchemy as sa

from portal.core.dates import add_months
from portal.core.models import utcnow
from portal.demo import DemoContext
from portal.demo.placement_builder import Builder
from portal.extensions import db
from portal.notifications.models import Notification
from portal.parties.service import coordinators_of
from portal.placements.enums import Pricing
from portal.placements.models import (
    Direction,
    Placement,
    PlacementStatus,
    StepKind,
    SupportLevel,
)
from portal.placements.prices import Instalment
from portal.placements.terms import Terms, UnitLine

S = PlacementStatus
MARIA = "maria.virtanen@parik.example"
JUKKA = "jukka.lehtonen@parik.example"
PAIVI = "paivi.korhonen@luovi.example"
MIKKO = "mikko.laine@luovi.example"
WITH_BONUS = "LUOVI-2026-031"


def _package_priced_period(b: Builder) -> None:
    """Ongoing, priced as a service package of 4 800 € in four monthly instalments."""
    today = b.today
    start = today - timedelta(days=25)
    end = add_months(start, 4) - timedelta(days=1)
    instalments = [
        Instalment(add_months(start, n + 1) - timedelta(days=1), Decimal("1200.00"))
        for n in range(4)
    ]
    period = b.placement(
        Direction.TO_WORKSHOP,
        S.ONGOING,
        "LUOVI-2026-047",
        "V.R.",
        Terms(
            start_on=start,
            end_on=end,
            hoks_goals="Kiinteistönhoidon työtehtävät tiiviin yksilövalmennuksen tuella.",
            units=[UnitLine("Kiinteistönhoito", "101569")],
            support_level=SupportLevel.DEMANDING,
            pricing=Pricing.PACKAGE,
            package_sum=Decimal("4800.00"),
            package_description=(
                "Jakson tukipalvelut kokonaisuutena: päivittäinen työvalmennus, "
                "yksilövalmennus kahdesti viikossa ja HOKS-palaverit."
            ),
            instalments=instalments,
            ill_days_paid=True,
            livelihood_checked=True,
            livelihood_note="Ei vaikutusta opintoetuuksiin.",
            duties_confirmed=True,
        ),
        MIKKO,
        45,
    )
    b.submit(period, PAIVI, 44, "Palvelupaketti sovittu puhelimessa Marian kanssa.")
    b.accept_and_sign(period, MARIA, 40, [MARIA, PAIVI])
    period.status = S.ONGOING
    b.start(period, JUKKA)


def _unit_completed_with_the_bonus_due(b: Builder) -> None:
    placement = db.session.scalar(sa.select(Placement).where(Placement.reference == WITH_BONUS))
    assert placement is not None, WITH_BONUS
    unit = next(u for u in placement.units if u.name == "Pintakäsittely")
    days_ago = 6
    unit.completed = True
    unit.completed_on = b.today - timedelta(days=days_ago)
    unit.completion_recorded_by_id = b.person(PAIVI).id
    unit.completion_recorded_at = utcnow() - timedelta(days=days_ago)
    b.step(placement, StepKind.UNIT_COMPLETED, PAIVI, days_ago, hour=14, comment=unit.label)
    # Parik's coordinators were told that the bonus fell due, by the reference only.
    for coordinator in coordinators_of([placement.workshop]):
        db.session.add(
            Notification(
                user_id=coordinator.id,
                kind="placement.bonus_due",
                params={"reference": placement.reference, "date": unit.completed_on.isoformat()},
                link=f"/placements/{placement.id}#units",
                created_at=unit.completion_recorded_at,
            )
        )


def load(context: DemoContext) -> None:
    b = Builder(context)
    _package_priced_period(b)
    _unit_completed_with_the_bonus_due(b)
