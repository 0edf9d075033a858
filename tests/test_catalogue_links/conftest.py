"""A workshop with reports of two of its units (one a draft), another workshop and a withdrawn
one with reports of their own, and the people of an education provider who start requests."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from portal.auth.models import User
from portal.catalogue.models import LearningEnvironment, QualificationUnit
from portal.core.dates import today
from portal.parties.models import Party, PartyKind, Unit
from portal.placements.models import Placement
from tests import factories

Login = Callable[[User], FlaskClient]


@dataclass
class Catalogue:
    wood: Unit
    kitchen: Unit
    property_care: Unit  # its report is a draft
    office: Unit  # no report at all
    wood_report: LearningEnvironment
    kitchen_report: LearningEnvironment
    draft_report: LearningEnvironment
    other_workshop: Party
    other_report: LearningEnvironment
    withdrawn: Party
    withdrawn_report: LearningEnvironment

    def unit(self, report: LearningEnvironment, name: str) -> QualificationUnit:
        return next(q for q in report.qualification_units if q.name == name)


@pytest.fixture
def catalogue(db: Any, workshop: Party) -> Catalogue:
    wood = factories.UnitFactory(party=workshop, name="Puu- ja metallityö")
    kitchen = factories.UnitFactory(party=workshop, name="Ravintola ja catering")
    property_care = factories.UnitFactory(party=workshop, name="Kiinteistöhuolto")
    office = factories.UnitFactory(party=workshop, name="Aa-toimisto")
    other = factories.PartyFactory(name="Kotkan nuorten työpaja", kind=PartyKind.WORKSHOP)
    other_unit = factories.UnitFactory(party=other, name="Metallipaja")
    withdrawn = factories.PartyFactory(
        name="Kouvolan kaupunki / Nuorten työpajat",
        kind=PartyKind.WORKSHOP,
        withdrawn_on=today() - timedelta(days=30),
    )
    withdrawn_unit = factories.UnitFactory(party=withdrawn, name="Kierrätysmyymälä")
    return Catalogue(
        wood=wood,
        kitchen=kitchen,
        property_care=property_care,
        office=office,
        wood_report=factories.LearningEnvironmentFactory(
            unit=wood,
            qualification_units=[
                (
                    "Puuseppäalan perustutkinto",
                    "Puusepänteollisuuden tuotteiden valmistus",
                    "106789",
                ),
                ("Puuseppäalan perustutkinto", "Pintakäsittely", "106795"),
                ("Kone- ja tuotantotekniikan perustutkinto", "Levytyöt", "100432"),
            ],
        ),
        kitchen_report=factories.LearningEnvironmentFactory(
            unit=kitchen,
            qualification_units=[
                ("Ravintola- ja catering-alan perustutkinto", "Ruoanvalmistus", "106713")
            ],
        ),
        draft_report=factories.LearningEnvironmentFactory(
            unit=property_care,
            qualification_units=[
                ("Kiinteistöpalvelujen perustutkinto", "Kiinteistönhoito", "101569")
            ],
            draft=True,
        ),
        other_workshop=other,
        other_report=factories.LearningEnvironmentFactory(
            unit=other_unit,
            qualification_units=[
                ("Kone- ja tuotantotekniikan perustutkinto", "Hitsaustyöt", "100437")
            ],
        ),
        withdrawn=withdrawn,
        withdrawn_report=factories.LearningEnvironmentFactory(
            unit=withdrawn_unit,
            qualification_units=[("Logistiikan perustutkinto", "Varastotoiminnot", "106340")],
        ),
    )


def period_form(receiver: Party, **changes: Any) -> dict[str, Any]:
    """A complete workshop-period request as the form sends it."""
    start = today() + timedelta(days=14)
    data: dict[str, Any] = {
        "reference": "LUOVI-2026-077",
        "initials": "S.M.",
        "full_name": "",
        "receiver": str(receiver.id),
        "workshop_unit": "",
        "start_on": start.isoformat(),
        "end_on": (start + timedelta(days=120)).isoformat(),
        "hoks_goals": "Puutyön perusteet ja työelämätaidot",
        "qualification_units": "",
        "support_level": "intermediate",
        "daily_price": "55",
        "price_reason": "",
        "livelihood_checked": "y",
        "livelihood_note": "Opintotuki ei muutu.",
        "duties_confirmed": "y",
    }
    data.update(changes)
    return data


def placements(db: Any) -> list[Placement]:
    return list(db.session.scalars(sa.select(Placement).order_by(Placement.id)))
