"""A small set of placements whose every figure has been counted by hand.

Parik-säätiö and Kotkan paja are workshops; Ammattiopisto Luovi and Sakky are education
providers. The dates are fixed, in 2024 and 2025, so that the weekdays can be counted on a
calendar; "Mon 3.3." below is a Monday. Support days count Monday to Friday, both ends in.

=====  ===========================  ===========  ==============================  ========
ref    direction, parties           status       held / start, next step          units
=====  ===========================  ===========  ==============================  ========
P1     period, Luovi → Parik        completed    Mon 3.3.–Fri 14.3.2025: 10 d    2 of 3
                                                 × 50,00; studies
P2     period, Luovi → Parik        completed    Mon 24.3.–Fri 4.4.2025: 6 d in  1 of 1
                                                 March + 4 d in April × 40,50;
                                                 work
P3     period, Luovi → Parik        completed    Mon 5.5.–Fri 9.5.2025: 5 d      none
                                                 × 60,00; workshop
P4     period, Luovi → Parik        interrupted  Mon 2.6.–Wed 4.6.2025: 3 d      0 of 1
                                                 × 45,00; other
P5     period, Sakky → Kotka        completed    Mon 3.3.–Fri 7.3.2025: 5 d      1 of 1
                                                 × 70,00; studies
P6     to studies, Parik → Luovi    completed    1.8.2024–20.12.2024; studies    1 of 1
P7     period, Luovi → Parik        submitted    start 1.9.2025                  –
P8     to studies, Parik → Luovi    draft        start 1.10.2025 (never counted) –
P9     period, Luovi → Kotka        ongoing      Mon 3.11.–Fri 14.11.2025 (the   –
                                                 planned end, passed): 10 d
                                                 × 55,00
P10    period, Luovi → Parik        declined     start 1.2.2025                  –
P11    period, Luovi → Parik        completed    Mon 30.12.2024–Fri 3.1.2025:    0 of 1
                                                 2 d in 2024 + 3 d in 2025
                                                 × 30,00; next step not recorded
=====  ===========================  ===========  ==============================  ========
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from flask.testing import FlaskClient

from portal.auth.models import User
from portal.parties.models import Party, PartyKind
from portal.placements.models import (
    Direction,
    NextStep,
    Placement,
    PlacementQualificationUnit,
    PlacementStatus,
)
from tests import factories
from tests.people import People

S = PlacementStatus
PERIOD, STUDIES = Direction.TO_WORKSHOP, Direction.TO_STUDIES


@dataclass
class World:
    parik: Party
    kotka: Party
    luovi: Party
    sakky: Party
    kymsote: Party
    maria: User  # Parik's coordinator
    sanna: User  # Parik's staff
    paivi: User  # Luovi's coordinator
    olli: User  # Kotka's coordinator
    leena: User  # Kymsote's coordinator: a party without placements
    admin: User
    placements: dict[str, Placement]


def _placement(
    reference: str,
    direction: Direction,
    sender: Party,
    receiver: Party,
    status: PlacementStatus,
    start: date,
    *,
    ended: date | None = None,
    end: date | None = None,
    price: str | None = None,
    next_step: NextStep | None = None,
    units: tuple[bool, ...] = (),
) -> Placement:
    """A placement as the workflow left it; ``units`` tells which of its units were completed."""
    period = direction == PERIOD
    return factories.PlacementFactory(
        direction=direction,
        status=status,
        sender=sender,
        receiver=receiver,
        reference=reference,
        initials="X.Y.",
        full_name=f"Nimi {reference}",
        start_on=start,
        end_on=end or (start + timedelta(days=120) if period else None),
        daily_price=Decimal(price) if price else None,
        started_on=start if status in (S.ONGOING, S.COMPLETED, S.INTERRUPTED) else None,
        ended_on=ended,
        next_step=next_step,
        # The hand counts price the days by the placement's own price, not by agreed versions.
        versions=0,
        units=[
            PlacementQualificationUnit(name=f"Osa {n}", code=f"10{n}", completed=done, position=n)
            for n, done in enumerate(units)
        ],
    )


@pytest.fixture
def world(db: Any, people: People) -> World:
    parik, kotka, luovi = people.workshop, people.other_workshop, people.provider
    sakky = factories.PartyFactory(name="Sakky", kind=PartyKind.EDUCATION_PROVIDER)
    d = date
    rows = {
        "P1": _placement(
            "LUOVI-P1", PERIOD, luovi, parik, S.COMPLETED, d(2025, 3, 3), ended=d(2025, 3, 14),
            price="50.00", next_step=NextStep.STUDIES, units=(True, True, False),
        ),
        "P2": _placement(
            "LUOVI-P2", PERIOD, luovi, parik, S.COMPLETED, d(2025, 3, 24), ended=d(2025, 4, 4),
            price="40.50", next_step=NextStep.WORK, units=(True,),
        ),
        "P3": _placement(
            "LUOVI-P3", PERIOD, luovi, parik, S.COMPLETED, d(2025, 5, 5), ended=d(2025, 5, 9),
            price="60.00", next_step=NextStep.WORKSHOP,
        ),
        "P4": _placement(
            "LUOVI-P4", PERIOD, luovi, parik, S.INTERRUPTED, d(2025, 6, 2), ended=d(2025, 6, 4),
            price="45.00", next_step=NextStep.OTHER, units=(False,),
        ),
        "P5": _placement(
            "SAKKY-P5", PERIOD, sakky, kotka, S.COMPLETED, d(2025, 3, 3), ended=d(2025, 3, 7),
            price="70.00", next_step=NextStep.STUDIES, units=(True,),
        ),
        "P6": _placement(
            "PARIK-P6", STUDIES, parik, luovi, S.COMPLETED, d(2024, 8, 1), ended=d(2024, 12, 20),
            next_step=NextStep.STUDIES, units=(True,),
        ),
        "P7": _placement(
            "LUOVI-P7", PERIOD, luovi, parik, S.SUBMITTED, d(2025, 9, 1), price="45.00"
        ),
        "P8": _placement("PARIK-P8", STUDIES, parik, luovi, S.DRAFT, d(2025, 10, 1)),
        "P9": _placement(
            "LUOVI-P9", PERIOD, luovi, kotka, S.ONGOING, d(2025, 11, 3), end=d(2025, 11, 14),
            price="55.00",
        ),
        "P10": _placement(
            "LUOVI-P10", PERIOD, luovi, parik, S.DECLINED, d(2025, 2, 1), price="45.00"
        ),
        "P11": _placement(
            "LUOVI-P11", PERIOD, luovi, parik, S.COMPLETED, d(2024, 12, 30), ended=d(2025, 1, 3),
            end=d(2025, 1, 3), price="30.00", units=(False,),
        ),
    }  # fmt: skip
    return World(
        parik=parik,
        kotka=kotka,
        luovi=luovi,
        sakky=sakky,
        kymsote=people.social,
        maria=people.workshop_coordinator,
        sanna=people.workshop_staff,
        paivi=people.provider_coordinator,
        olli=people.outsider,
        leena=people.social_coordinator,
        admin=people.admin,
        placements=rows,
    )


@pytest.fixture
def as_user(login: Callable[[User], FlaskClient]) -> Callable[[User], FlaskClient]:
    """A client signed in as the user, reading English."""

    def _as(user: User) -> FlaskClient:
        user.locale = "en"
        return login(user)

    return _as
