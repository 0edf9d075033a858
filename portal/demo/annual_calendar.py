"""The annual calendar in use: this year's coordinators' meetings, a staff exchange, a joint
training and site visits, with invitations, answers, minutes and action items."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from portal.annual_calendar.audience import (
    EVENT_CANCELLED,
    EVENT_INVITED,
    recipients,
)
from portal.annual_calendar.models import (
    ActionItem,
    ActionState,
    Answer,
    Event,
    EventKind,
    EventStatus,
    ExchangeRole,
    Invitation,
    StaffExchange,
)
from portal.auth.models import User
from portal.core import dates
from portal.core.i18n import HELSINKI
from portal.core.models import utcnow
from portal.demo import Cast, DemoContext
from portal.extensions import db
from portal.notifications.kinds import NotificationKind
from portal.notifications.service import notify
from portal.parties.models import Party


def _weekday(day: date, weekday: int = 1) -> date:
    """The first given weekday (Tuesday by default) on or after ``day``."""
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=HELSINKI)


def _event(
    kind: EventKind,
    title: str,
    organiser: Party,
    starts: datetime,
    ends: datetime,
    *,
    all_day: bool = False,
    place: str = "",
    description: str = "",
    agenda: str = "",
    parties: list[Party] | None = None,
    people: list[User] | None = None,
    creator: User | None = None,
) -> Event:
    event = Event(
        kind=kind,
        title=title,
        organiser=organiser,
        starts_at=starts,
        ends_at=ends,
        all_day=all_day,
        place=place,
        description=description,
        agenda=agenda,
        created_by=creator,
        created_at=utcnow() - timedelta(days=60),
        updated_at=utcnow() - timedelta(days=30),
    )
    event.invited_parties = parties or []
    event.invitations = [Invitation(user=u, personal=True) for u in people or []]
    db.session.add(event)
    return event


def _answer(event: Event, user: User, reply: Answer) -> None:
    invitation = next((i for i in event.invitations if i.user is user), None)
    if invitation is None:
        invitation = Invitation(user=user, personal=False)
        event.invitations.append(invitation)
    invitation.answer = reply
    invitation.answered_at = utcnow() - timedelta(days=3)


def _tell(event: Event, kind: NotificationKind) -> None:
    db.session.flush()
    notify(
        sorted(recipients(event), key=lambda u: u.id),
        kind,
        link=f"/calendar/events/{event.id}",
        title=event.title,
        party=event.organiser.name,
        date=event.start_date.isoformat(),
    )


def _the_meeting_held(cast: Cast) -> None:
    """The coordinators' meeting seven weeks ago: answers, minutes and action items."""
    today = dates.today()
    held_on = _weekday(today - timedelta(days=50))
    held = _event(
        EventKind.MEETING,
        "Vastuuhenkilöiden tapaaminen",
        cast.parik,
        _at(held_on, 9),
        _at(held_on, 12),
        place="Parik-säätiö, Kauppamiehenkatu 4, Kouvola",
        agenda=(
            "1. Kuulumiset ja yhteistyön tilanne\n"
            "2. Vuosikello: tapaamiset, työntekijävaihdot ja yhteiskoulutus\n"
            "3. Opiskelijapäivähinnat ja tukitasot\n"
            "4. Työntekijävaihdon käynnistäminen"
        ),
        # The supporting organisation takes part in the coordinators' meetings.
        parties=[cast.luovi, cast.kymsote, cast.tpy],
        creator=cast.maria,
    )
    # A short note; the minutes themselves are a confidential document (demo.document_links).
    held.minutes = (
        "Sovittiin vuosikellosta ja työntekijävaihdosta; päivähintoihin palataan seuraavassa "
        "tapaamisessa."
    )
    for user, reply in (
        (cast.paivi, Answer.YES),
        (cast.leena, Answer.YES),
        (cast.anna, Answer.MAYBE),
    ):
        _answer(held, user, reply)
    _answer(held, cast.jukka, Answer.YES)
    held.action_items = [
        ActionItem(
            title="Kartoitetaan työntekijävaihtoon halukkaat opinto-ohjaajat",
            owner=cast.paivi,
            due_on=held_on + timedelta(days=21),
            state=ActionState.DONE,
            note="Mikko Laine lähtee vaihtoon.",
            closed_at=utcnow() - timedelta(days=20),
            closed_by=cast.paivi,
        ),
        ActionItem(
            title="Päivitetään puu- ja metallipajan oppimisympäristön tunnistamisraportti",
            owner=cast.jukka,
            due_on=today + timedelta(days=10),
        ),
        ActionItem(
            title="Luonnos opiskelijapäivähinnoista kevään pajajaksoille",
            owner=cast.maria,
            due_on=today - timedelta(days=7),
        ),
    ]


def _a_visit_held(cast: Cast) -> None:
    """A visit to the wood and metal workshop three weeks ago."""
    today = dates.today()
    visit_on = _weekday(today - timedelta(days=20), 3)
    _event(
        EventKind.VISIT,
        "Tutustumiskäynti puu- ja metallipajalle",
        cast.parik,
        _at(visit_on, 10),
        _at(visit_on, 12),
        place="Parik-säätiö, puu- ja metallipaja, Kouvola",
        description="Luovin opettajat tutustuvat pajan oppimisympäristöön ja vastuuhenkilöihin.",
        parties=[cast.luovi],
        creator=cast.maria,
    )


def _a_staff_exchange_ahead(cast: Cast) -> None:
    """A study counsellor of Luovi hosted by Parik for three days next week."""
    today = dates.today()
    exchange_on = _weekday(today + timedelta(days=8), 0)
    exchange = _event(
        EventKind.STAFF_EXCHANGE,
        "Työntekijävaihto: opinto-ohjaaja Parik-säätiössä",
        cast.luovi,
        _at(exchange_on, 0),
        _at(exchange_on + timedelta(days=3), 0),
        all_day=True,
        place="Parik-säätiö, Kauppamiehenkatu 4, Kouvola",
        description=(
            "Mikko Laine tutustuu pajan arkeen kolmen päivän ajan: valmennus, "
            "opinnollistaminen ja siirtymät opintoihin."
        ),
        parties=[cast.parik],
        people=[cast.mikko],
        creator=cast.paivi,
    )
    exchange.exchange = StaffExchange(
        guest=cast.mikko,
        guest_party=cast.luovi,
        host_party=cast.parik,
        guest_role=ExchangeRole.STUDY_COUNSELLOR,
    )
    _answer(exchange, cast.mikko, Answer.YES)
    _answer(exchange, cast.sanna, Answer.YES)
    _tell(exchange, EVENT_INVITED)


def _a_cancelled_visit(cast: Cast) -> None:
    """A visit cancelled, its invitees told."""
    today = dates.today()
    cancelled_on = _weekday(today + timedelta(days=14), 3)
    cancelled = _event(
        EventKind.VISIT,
        "Tutustumiskäynti Työelämäpalveluihin",
        cast.kymsote,
        _at(cancelled_on, 13),
        _at(cancelled_on, 15),
        place="Kasarminmäentie 13, Kouvola",
        parties=[cast.parik, cast.luovi],
        creator=cast.leena,
    )
    cancelled.status = EventStatus.CANCELLED
    cancelled.cancellation_reason = "Siirretään kevääseen; uusi aika sovitaan tapaamisessa."
    cancelled.sequence = 1
    _tell(cancelled, EVENT_CANCELLED)


def _the_next_meeting(cast: Cast) -> None:
    """The next coordinators' meeting, a person invited by name."""
    today = dates.today()
    meeting_on = _weekday(today + timedelta(days=24))
    upcoming = _event(
        EventKind.MEETING,
        "Vastuuhenkilöiden tapaaminen: kevään suunnittelu",
        cast.luovi,
        _at(meeting_on, 13),
        _at(meeting_on, 15, 30),
        place="Ammattiopisto Luovi, Paraatikenttä 7, Kouvola",
        agenda=(
            "1. Edellisen tapaamisen toimenpiteiden seuranta\n"
            "2. Työntekijävaihdon kokemukset\n"
            "3. Kiintiöpaikat ensi vuodelle\n"
            "4. Vuosikello ensi vuodelle"
        ),
        parties=[cast.parik, cast.kymsote, cast.tpy],
        people=[cast.jukka],
        creator=cast.paivi,
    )
    _answer(upcoming, cast.maria, Answer.YES)
    _answer(upcoming, cast.leena, Answer.MAYBE)
    _tell(upcoming, EVENT_INVITED)


def _the_agreement_review(cast: Cast) -> None:
    """Earlier in the year: the review of the agreement."""
    today = dates.today()
    review_on = _weekday(date(today.year, 3, 10))
    review = _event(
        EventKind.AGREEMENT_REVIEW,
        "Linjausten vuositarkastelu",
        cast.kymsote,
        _at(review_on, 13),
        _at(review_on, 15),
        place="Kasarminmäentie 13, Kouvola",
        agenda="1. Linjausten toteutuminen\n2. Osapuolten vastuuhenkilöt\n3. Muutostarpeet",
        parties=[cast.parik, cast.luovi, cast.tpy],
        creator=cast.leena,
    )
    for user, reply in ((cast.maria, Answer.YES), (cast.paivi, Answer.YES), (cast.anna, Answer.NO)):
        _answer(review, user, reply)


def _the_spring_training(cast: Cast) -> None:
    """Earlier in the year: a joint training."""
    today = dates.today()
    spring_training_on = _weekday(date(today.year, 5, 12), 3)
    _event(
        EventKind.TRAINING,
        "Yhteiskoulutus: pajajaksot ja HOKS",
        cast.luovi,
        _at(spring_training_on, 9),
        _at(spring_training_on, 15),
        place="Ammattiopisto Luovi, Kouvola",
        parties=[cast.parik, cast.kymsote],
        creator=cast.paivi,
    )


def _the_open_day(cast: Cast) -> None:
    """Earlier in the year: the open day of the workshops."""
    today = dates.today()
    open_day = _weekday(date(today.year, 8, 25), 3)
    _event(
        EventKind.OTHER,
        "Työpajojen avoimet ovet",
        cast.parik,
        _at(open_day, 10),
        _at(open_day, 14),
        place="Parik-säätiö, Kouvola",
        parties=[cast.luovi, cast.kymsote, cast.tpy],
        creator=cast.maria,
    )


def _a_training_ahead(cast: Cast) -> None:
    """A joint training in six weeks, the supporting organisation invited."""
    today = dates.today()
    training_on = _weekday(today + timedelta(days=45), 3)
    training = _event(
        EventKind.TRAINING,
        "Yhteiskoulutus: opinnollistaminen ja osaamistodistukset",
        cast.parik,
        _at(training_on, 9),
        _at(training_on, 15, 30),
        place="Parik-säätiö, Kouvola, ja etäyhteys",
        description=(
            "Työpajojen ja koulutuksen järjestäjien henkilöstölle: oppimisympäristön "
            "tunnistaminen, tutkinnon osat ja osaamistodistukset."
        ),
        parties=[cast.luovi, cast.kymsote, cast.tpy],
        creator=cast.maria,
    )
    _answer(training, cast.anna, Answer.YES)
    _tell(training, EVENT_INVITED)


def load(context: DemoContext) -> None:
    """The events of the year, one story each, in the order they were planned."""
    cast = Cast.of(context)
    _the_meeting_held(cast)
    _a_visit_held(cast)
    _a_staff_exchange_ahead(cast)
    _a_cancelled_visit(cast)
    _the_next_meeting(cast)
    _the_agreement_review(cast)
    _the_spring_training(cast)
    _the_open_day(cast)
    _a_training_ahead(cast)
