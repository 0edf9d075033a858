"""Placements between Parik-säätiö and Ammattiopisto Luovi in both directions and in
various states, with their agreements, timeline, comments and a skills demonstration.

Dates are relative to today so that the demo stays current.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from portal.core.dates import add_months
from portal.demo import DemoContext
from portal.demo.placement_builder import Builder
from portal.placements.enums import DemonstrationResult
from portal.placements.models import (
    Demonstration,
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
SANNA = "sanna.nieminen@parik.example"
PAIVI = "paivi.korhonen@luovi.example"
MIKKO = "mikko.laine@luovi.example"


def _period(start: date, months: int) -> tuple[date, date]:
    return start, add_months(start, months) - timedelta(days=1)


def _ongoing_with_a_demonstration_ahead(b: Builder) -> None:
    """An ongoing workshop period: one skills demonstration held and assessed, one coming up."""
    start, end = _period(b.today - timedelta(days=45), 4)
    period = b.placement(
        Direction.TO_WORKSHOP,
        S.ONGOING,
        "LUOVI-2026-031",
        "A.K.",
        _woodwork_period_terms(b, start, end),
        MIKKO,
        70,
    )
    _requested_agreed_and_started(b, period)
    _first_weeks_discussed(b, period)
    _finishing_demonstrated_and_assessed(b, period)
    _woodwork_demonstration_planned(b, period)


def _woodwork_period_terms(b: Builder, start: date, end: date) -> Terms:
    """The terms of the ongoing period: priced by day with special support's extra shared, a
    result bonus, paid absences, and a training agreement."""
    parik = b.context.party("parik").name
    return Terms(
        start_on=start,
        end_on=end,
        hoks_goals=(
            "Työelämätaitojen vahvistaminen: säännöllinen läsnäolo ja ohjeiden mukaan "
            "työskentely. Puusepänteollisuuden tuotteiden valmistuksen osaamisen "
            "osoittaminen näytössä."
        ),
        units=[
            UnitLine("Puusepänteollisuuden tuotteiden valmistus", "106789"),
            UnitLine("Pintakäsittely", "106795"),
        ],
        support_level=SupportLevel.INTERMEDIATE,
        daily_price=Decimal("55.00"),
        special_support=True,
        extra_share_percent=Decimal("50"),
        extra_share_note="Korotuksella Parik maksaa yksilövalmentajan lisätunnit.",
        # A result bonus for each unit completed up to half a year after the period
        # (portal.demo.prices records one completed).
        bonus_amount=Decimal("300.00"),
        bonus_last_day=add_months(end, 6),
        # Support days also on days of illness and of leave agreed beforehand.
        ill_days_paid=True,
        agreed_leave_paid=True,
        livelihood_checked=True,
        livelihood_note=(
            "Opintotuki ja koulumatkatuki säilyvät; ruokailu pajalla Luovin kustannuksella."
        ),
        duties_confirmed=True,
        # The training agreement: the instructor chosen in the portal, the teacher typed.
        workplace_name=f"{parik}, Puu- ja metallityö",
        workplace_address="Kauppamiehenkatu 4, 45100 Kouvola",
        instructor_id=b.person(JUKKA).id,
        instructor_name="Jukka Lehtonen",
        instructor_contact=f"+358 40 222 3344, {JUKKA}",
        teacher_name="Hannu Rantanen",
        teacher_contact="+358 44 555 6677",
        working_hours="Ma–pe klo 8.30–14.30, 30 tuntia viikossa; perjantaisin HOKS-ohjaus.",
        assessment=(
            "Osaaminen osoitetaan näytössä puutyöpajalla; arvioijina vastuuopettaja Hannu "
            "Rantanen ja työpaikkaohjaaja Jukka Lehtonen. Väliarviointi HOKS-palaverissa."
        ),
        provider_duties="Vastuuopettaja käy pajalla kahden viikon välein.",
        workshop_duties="Työvaatteet ja turvakengät pajalta jakson ajaksi.",
    )


def _requested_agreed_and_started(b: Builder, period: Placement) -> None:
    """Luovi's request, Parik's acceptance, both signatures and the start."""
    b.submit(
        period,
        PAIVI,
        68,
        "Opiskelija on keskeyttämisvaarassa; pajajakso sovittu HOKS-palaverissa.",
    )
    b.accept_and_sign(period, MARIA, 62, [PAIVI, MARIA], "Puutyöpajalla on tilaa, tervetuloa!")
    period.status = S.ONGOING
    b.start(period, JUKKA)


def _first_weeks_discussed(b: Builder, period: Placement) -> None:
    """The workshop tells how the first weeks went; the provider plans the mid-term review."""
    b.comment(
        period,
        SANNA,
        40,
        "Ensimmäiset viikot ovat menneet hyvin: A.K. on ollut paikalla joka päivä.",
    )
    b.comment(
        period, MIKKO, 38, "Kiitos tiedosta! Sovitaan väliarviointi HOKS-palaveriin kuun lopulle."
    )
    b.comment(
        period,
        SANNA,
        12,
        "Näyttö puutuotteiden valmistuksesta voidaan pitää pajalla, ehdotan päivää.",
    )


def _finishing_demonstrated_and_assessed(b: Builder, period: Placement) -> None:
    """A demonstration held last week, its result recorded by the provider's teacher; the
    teacher is external to the portal (typed), the instructor chosen."""
    today = b.today
    finishing = period.units[1]
    period.demonstrations.append(
        Demonstration(
            unit=finishing,
            qualification_unit=finishing.label,
            held_on=today - timedelta(days=6),
            place="Parik-säätiö, puutyöpaja, Kouvola",
            teacher_assessor="Hannu Rantanen",
            working_life_assessor_id=b.person(JUKKA).id,
            working_life_assessor="Jukka Lehtonen",
            result=DemonstrationResult.APPROVED,
            grade=4,
            result_recorded_on=today - timedelta(days=5),
            result_recorded_by_id=b.person(MIKKO).id,
            created_by_id=b.person(SANNA).id,
        )
    )
    b.step(
        period,
        StepKind.DEMONSTRATION_ADDED,
        SANNA,
        30,
        comment=f"{finishing.label} – Parik-säätiö, puutyöpaja, Kouvola",
    )
    b.step(
        period,
        StepKind.DEMONSTRATION_RESULT,
        MIKKO,
        5,
        comment=f"{finishing.label} – Parik-säätiö, puutyöpaja, Kouvola",
    )


def _woodwork_demonstration_planned(b: Builder, period: Placement) -> None:
    """The other unit's demonstration, coming up in three weeks."""
    today = b.today
    woodwork = period.units[0]
    period.demonstrations.append(
        Demonstration(
            unit=woodwork,
            qualification_unit=woodwork.label,
            held_on=today + timedelta(days=20),
            place="Parik-säätiö, puutyöpaja, Kouvola",
            teacher_assessor="Hannu Rantanen",
            working_life_assessor_id=b.person(JUKKA).id,
            working_life_assessor="Jukka Lehtonen",
            created_by_id=b.person(MIKKO).id,
        )
    )
    b.step(
        period,
        StepKind.DEMONSTRATION_ADDED,
        MIKKO,
        10,
        comment=f"{woodwork.label} – Parik-säätiö, puutyöpaja, Kouvola",
    )


def _agreed_awaiting_its_start(b: Builder) -> None:
    """Agreed, awaiting its start."""
    today = b.today
    start, end = _period(today + timedelta(days=10), 3)
    agreed = b.placement(
        Direction.TO_WORKSHOP,
        S.AGREED,
        "LUOVI-2026-036",
        "E.S.",
        Terms(
            start_on=start,
            end_on=end,
            hoks_goals="Kiinteistönhoidon perustehtävät ohjatusti; oppimaan oppimisen taidot.",
            units=[UnitLine("Kiinteistönhoito", "101569")],
            support_level=SupportLevel.BASIC,
            daily_price=Decimal("38.00"),
            ill_days_paid=True,
            livelihood_checked=True,
            livelihood_note="Ei vaikutusta opintoetuuksiin.",
            duties_confirmed=True,
        ),
        PAIVI,
        20,
    )
    b.submit(agreed, PAIVI, 19)
    b.accept_and_sign(agreed, MARIA, 15, [MARIA, PAIVI])
    b.comment(
        agreed,
        PAIVI,
        8,
        "Aloituspalaveri pidetään Kuusankosken toimipisteessä ensimmäisenä päivänä klo 9.",
    )


def _to_studies_awaiting_luovi(b: Builder) -> None:
    """A trainee to studies, awaiting Luovi's decision."""
    today = b.today
    parik = b.context.party("parik").name
    to_studies = b.placement(
        Direction.TO_STUDIES,
        S.SUBMITTED,
        "PARIK-2026-014",
        "J.V.",
        Terms(
            start_on=today + timedelta(days=75),
            field_name="Rakennus- ja puuala",
            qualification_name="Puuteollisuuden perustutkinto",
            support_role=(
                "Työvalmentaja tapaa opiskelijaa viikoittain ensimmäisen jakson ajan ja on "
                "yhteydessä opinto-ohjaajaan."
            ),
            demonstrations_at_workshop=True,
            livelihood_checked=True,
            livelihood_note=(
                "Työmarkkinatuen päättyminen selvitetty TE-palveluiden kanssa; opintotuki haetaan "
                "ennen opintojen alkua."
            ),
        ),
        SANNA,
        6,
    )
    b.submit(to_studies, MARIA, 5, "Valmentautuja on motivoitunut ja valmis opintoihin.")
    b.notify(to_studies, [PAIVI], "placement.submitted", parik)


def _priced_outside_the_range_awaiting_parik(b: Builder) -> None:
    """A workshop period awaiting Parik's decision, its price outside the recommended range."""
    today = b.today
    luovi = b.context.party("luovi").name
    start, end = _period(today + timedelta(days=30), 5)
    awaiting = b.placement(
        Direction.TO_WORKSHOP,
        S.SUBMITTED,
        "LUOVI-2026-040",
        "R.P.",
        Terms(
            start_on=start,
            end_on=end,
            hoks_goals=(
                "Ravintola-alan perustehtävät; arjenhallinnan ja ryhmässä toimimisen taidot."
            ),
            units=[
                UnitLine("Ruoanvalmistus", "106713"),
                UnitLine("Asiakaspalvelu ravintola- ja catering-alalla", "106714"),
            ],
            support_level=SupportLevel.INTERMEDIATE,
            daily_price=Decimal("85.00"),
            price_reason="Sisältää ryhmävalmennuksen; sovittu vastuuhenkilöiden tapaamisessa.",
            livelihood_checked=True,
            livelihood_note="Opintotuki säilyy.",
            duties_confirmed=True,
        ),
        MIKKO,
        3,
    )
    b.submit(awaiting, PAIVI, 2)
    b.notify(awaiting, [MARIA, JUKKA], "placement.submitted", luovi)


def _completed_with_its_outcome(b: Builder) -> None:
    """Completed, with its outcome."""
    today = b.today
    start, end = _period(today - timedelta(days=250), 4)
    completed = b.placement(
        Direction.TO_WORKSHOP,
        S.COMPLETED,
        "LUOVI-2025-112",
        "T.H.",
        Terms(
            start_on=start,
            end_on=end,
            hoks_goals="Metallityön perusteet ja työturvallisuus.",
            # The report does not list the first; the second is ticked from it.
            units=[UnitLine("Koneistuksen perustehtävät"), UnitLine("Hitsaustyöt", "100437")],
            support_level=SupportLevel.INTERMEDIATE,
            daily_price=Decimal("50.00"),
            livelihood_checked=True,
            livelihood_note="Ei vaikutusta.",
            duties_confirmed=True,
        ),
        MIKKO,
        280,
    )
    b.submit(completed, PAIVI, 275)
    b.accept_and_sign(completed, JUKKA, 270, [JUKKA, PAIVI])
    completed.status = S.COMPLETED
    b.start(completed, JUKKA)
    completed.ended_on = end
    completed.next_step = NextStep.STUDIES
    completed.outcome_note = (
        "Palasi lähiopetukseen; koneistuksen tutkinnon osa osoitettu näytössä pajalla."
    )
    completed.units[0].completed = True
    b.step(
        completed,
        StepKind.COMPLETED,
        JUKKA,
        (today - end).days,
        from_=S.ONGOING,
        to=S.COMPLETED,
        comment=completed.outcome_note,
    )
    completed.demonstrations.append(
        Demonstration(
            qualification_unit="Koneistuksen perustehtävät",
            held_on=end - timedelta(days=14),
            place="Parik-säätiö, metallipaja, Kouvola",
            teacher_assessor="Hannu Rantanen",
            working_life_assessor="Jukka Lehtonen",
            created_by_id=b.person(MIKKO).id,
        )
    )


def _declined_with_the_reason(b: Builder) -> None:
    """Declined, with the reason."""
    today = b.today
    declined = b.placement(
        Direction.TO_WORKSHOP,
        S.DECLINED,
        "LUOVI-2026-012",
        "O.N.",
        Terms(
            start_on=today - timedelta(days=60),
            end_on=today + timedelta(days=60),
            hoks_goals="Puutyön perusteet.",
            units=[UnitLine("Puusepänteollisuuden tuotteiden valmistus", "106789")],
            support_level=SupportLevel.BASIC,
            daily_price=Decimal("40.00"),
            livelihood_checked=True,
            livelihood_note="Ei vaikutusta.",
            duties_confirmed=True,
        ),
        MIKKO,
        100,
    )
    b.submit(declined, PAIVI, 98)
    declined.decline_reason = (
        "Puutyöpajalla ei ole tilaa ennen syyskuuta. Kiinteistöhuollossa olisi tilaa heti."
    )
    b.step(
        declined,
        StepKind.DECLINED,
        MARIA,
        96,
        from_=S.SUBMITTED,
        to=S.DECLINED,
        comment=declined.decline_reason,
    )


def _a_draft_only_parik_sees(b: Builder) -> None:
    """A draft that only Parik sees, its livelihood check still to do."""
    today = b.today
    b.placement(
        Direction.TO_STUDIES,
        S.DRAFT,
        "PARIK-2026-021",
        "M.K.",
        Terms(
            start_on=today + timedelta(days=120),
            field_name="Ravintola- ja catering-ala",
            qualification_name="Hotelli-, ravintola- ja catering-alan perustutkinto",
            support_role="Paja tarjoaa keittiöharjoittelua tukijaksona opintojen rinnalla.",
        ),
        SANNA,
        1,
    )


def load(context: DemoContext) -> None:
    """The placements of the demo, one story each, in the order they were started."""
    b = Builder(context)
    _ongoing_with_a_demonstration_ahead(b)
    _agreed_awaiting_its_start(b)
    _to_studies_awaiting_luovi(b)
    _priced_outside_the_range_awaiting_parik(b)
    _completed_with_its_outcome(b)
    _declined_with_the_reason(b)
    _a_draft_only_parik_sees(b)
