"""Two years of finished placements for the reports: completed and interrupted workshop
periods with their outcomes and qualification units, trainees who moved on to studies, and
the withdrawn Kouvola workshop's periods from before its withdrawal.

Dates are relative to today so that the reports stay current.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from portal.core.dates import add_months
from portal.demo import DemoContext
from portal.demo.placement_builder import Builder
from portal.placements.models import (
    Direction,
    NextStep,
    Placement,
    PlacementStatus,
    StepKind,
    SupportLevel,
)
from portal.placements.terms import Terms, UnitLine

S = PlacementStatus
MARIA = "maria.virtanen@parik.example"
JUKKA = "jukka.lehtonen@parik.example"
PAIVI = "paivi.korhonen@luovi.example"
MIKKO = "mikko.laine@luovi.example"
SANNA = "sanna.nieminen@parik.example"
TIMO = "timo.saarinen@kouvola.example"


@dataclass
class Past:
    reference: str
    initials: str
    direction: Direction
    status: PlacementStatus
    start_days_ago: int
    # How long it lasted (or is planned to): months for a period, days when interrupted.
    months: int = 4
    days_held: int | None = None
    next_step: NextStep | None = None
    # (name, code, completed)
    units: list[tuple[str, str, bool]] = field(default_factory=list)
    price: str = "45.00"
    level: SupportLevel = SupportLevel.INTERMEDIATE
    workshop: str = "parik"
    note: str = ""


PERIOD = Direction.TO_WORKSHOP
STUDIES = Direction.TO_STUDIES
WOOD = ("Puutuotteiden valmistus", "106927", True)
FINISH = ("Pintakäsittely", "106931", True)
PROPERTY = ("Kiinteistönhoidon perustehtävät", "101417", True)

HISTORY = [
    Past(
        "LUOVI-2025-018",
        "S.L.",
        PERIOD,
        S.COMPLETED,
        610,
        4,
        None,
        NextStep.WORK,
        [WOOD, FINISH],
        "50.00",
        note="Työllistyi puusepänverstaalle oppisopimukseen.",
    ),
    Past(
        "LUOVI-2025-027",
        "K.M.",
        PERIOD,
        S.COMPLETED,
        540,
        3,
        None,
        NextStep.STUDIES,
        [PROPERTY],
        "38.00",
        SupportLevel.BASIC,
        note="Palasi lähiopetukseen.",
    ),
    Past(
        "LUOVI-2025-041",
        "N.R.",
        PERIOD,
        S.COMPLETED,
        480,
        5,
        None,
        NextStep.WORKSHOP,
        [("Ruoanvalmistus", "101413", True), ("Asiakaspalvelu", "101415", False)],
        "60.00",
        note="Jatkaa pajalla valmennuksessa.",
    ),
    Past(
        "LUOVI-2025-055",
        "J.H.",
        PERIOD,
        S.INTERRUPTED,
        420,
        4,
        40,
        NextStep.OTHER,
        [WOOD],
        "45.00",
        note="Muutti toiselle paikkakunnalle.",
    ),
    Past(
        "LUOVI-2025-063",
        "V.T.",
        PERIOD,
        S.COMPLETED,
        380,
        4,
        None,
        NextStep.STUDIES,
        [("Hitsaus", "106945", True), ("Koneistuksen perustehtävät", "106944", True)],
        "75.00",
        SupportLevel.DEMANDING,
    ),
    Past(
        "LUOVI-2025-090",
        "E.K.",
        PERIOD,
        S.COMPLETED,
        330,
        3,
        None,
        NextStep.UNKNOWN,
        [("Pintakäsittely", "106931", False)],
        "42.00",
        SupportLevel.BASIC,
    ),
    Past("LUOVI-2026-009", "H.P.", PERIOD, S.ONGOING, 100, 4, None, None, [PROPERTY], "48.00"),
    Past(
        "LUOVI-2024-077",
        "A.V.",
        PERIOD,
        S.COMPLETED,
        700,
        4,
        None,
        NextStep.WORK,
        [PROPERTY],
        "40.00",
        SupportLevel.BASIC,
        workshop="kouvola",
    ),
    Past(
        "LUOVI-2024-081",
        "M.S.",
        PERIOD,
        S.INTERRUPTED,
        690,
        4,
        25,
        NextStep.UNKNOWN,
        [],
        "40.00",
        SupportLevel.BASIC,
        workshop="kouvola",
    ),
    Past(
        "PARIK-2025-006",
        "T.K.",
        STUDIES,
        S.COMPLETED,
        500,
        10,
        None,
        NextStep.WORK,
        [("Puusepänalan perustehtävät", "106921", True)],
        note="Valmistui ja työllistyi rakennusliikkeeseen.",
    ),
    Past("PARIK-2025-019", "L.N.", STUDIES, S.DECLINED, 300),
    Past("PARIK-2026-003", "O.M.", STUDIES, S.ONGOING, 80),
    Past(
        "PARIK-2024-030",
        "R.S.",
        STUDIES,
        S.COMPLETED,
        650,
        9,
        None,
        NextStep.STUDIES,
        [],
        workshop="kouvola",
    ),
]


def _terms(past: Past, builder: Builder) -> Terms:
    start = builder.today - timedelta(days=past.start_days_ago)
    units = [UnitLine(name, code) for name, code, _ in past.units]
    if past.direction == STUDIES:
        return Terms(
            start_on=start,
            field_name="Rakennus- ja puuala",
            qualification_name="Puuseppäalan perustutkinto",
            support_role="Työvalmentaja tapaa opiskelijaa ensimmäisen jakson ajan.",
            demonstrations_at_workshop=True,
            units=units,
            livelihood_checked=True,
            livelihood_note="Selvitetty ennen siirtymää.",
        )
    return Terms(
        start_on=start,
        end_on=add_months(start, past.months) - timedelta(days=1),
        hoks_goals="Työelämätaidot ja tutkinnon osien osaamisen osoittaminen.",
        units=units,
        support_level=past.level,
        daily_price=Decimal(past.price),
        # Most agreements pay for days of illness; the support-days report counts them where
        # the daily records have them (months without records are estimated).
        ill_days_paid=True,
        livelihood_checked=True,
        livelihood_note="Ei vaikutusta opintoetuuksiin.",
        duties_confirmed=True,
    )


def _finish(b: Builder, placement: Placement, past: Past, coordinator: str) -> None:
    if past.status == S.ONGOING:
        return
    if past.days_held is not None:
        ended = placement.start_on + timedelta(days=past.days_held)
        kind, reason = StepKind.INTERRUPTED, past.note or "Jakso keskeytyi."
        placement.interruption_reason = reason
    else:
        ended = add_months(placement.start_on, past.months) - timedelta(days=1)
        kind, reason = StepKind.COMPLETED, past.note
        placement.outcome_note = reason
        for unit, (_name, _code, done) in zip(placement.units, past.units, strict=True):
            unit.completed = done
    placement.ended_on = ended
    placement.next_step = past.next_step
    b.step(
        placement,
        kind,
        coordinator,
        (b.today - ended).days,
        from_=S.ONGOING,
        to=past.status,
        comment=reason,
    )


def load(context: DemoContext) -> None:
    b = Builder(context)
    for past in HISTORY:
        kouvola = past.workshop == "kouvola"
        workshop_people = (TIMO, TIMO) if kouvola else (JUKKA, MARIA)
        if past.direction == PERIOD:
            author, submitter, receiver_coordinator = MIKKO, PAIVI, workshop_people[1]
        else:
            author, submitter, receiver_coordinator = (
                (TIMO if kouvola else SANNA),
                workshop_people[1],
                PAIVI,
            )
        created = past.start_days_ago + 30
        placement = b.placement(
            past.direction, past.status, past.reference, past.initials, _terms(past, b),
            author, created,
        )  # fmt: skip
        if kouvola:
            if past.direction == PERIOD:
                placement.receiver = context.party("kouvola")
            else:
                placement.sender = context.party("kouvola")
        b.submit(placement, submitter, created - 2)
        if past.status == S.DECLINED:
            placement.decline_reason = "Opiskelupaikkoja ei ole vapaana ennen syksyä."
            b.step(
                placement,
                StepKind.DECLINED,
                receiver_coordinator,
                created - 5,
                from_=S.SUBMITTED,
                to=S.DECLINED,
                comment=placement.decline_reason,
            )
            continue
        signers = [receiver_coordinator, submitter]
        b.accept_and_sign(placement, receiver_coordinator, created - 6, signers)
        b.start(placement, workshop_people[0] if past.direction == PERIOD else PAIVI)
        _finish(b, placement, past, workshop_people[0] if past.direction == PERIOD else PAIVI)
