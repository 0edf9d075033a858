"""Events of the annual calendar, of every kind, with invitations, decisions and feeds."""

from __future__ import annotations

import hashlib
from datetime import date, datetime, time, timedelta

import factory

from portal.annual_calendar.models import (
    ActionItem,
    ActionState,
    Answer,
    CalendarFeed,
    Event,
    EventKind,
    EventStatus,
    ExchangeRole,
    Invitation,
    StaffExchange,
)
from portal.annual_calendar.reminders import ActionItemReminder, Stage
from portal.auth.models import Role, User
from portal.core.i18n import HELSINKI
from portal.core.models import utcnow
from portal.parties.models import PartyKind
from tests.factories.auth import UserFactory
from tests.factories.base import BaseFactory, days_from_today
from tests.factories.parties import PartyFactory


def helsinki(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=HELSINKI)


class EventFactory(BaseFactory):
    """A contact-person meeting in two weeks, 9–12 Finnish time.

    A trait per kind: ``meeting``, ``staff_exchange`` (three days, with its guest and host),
    ``training``, ``visit``, ``agreement_review``, ``other``; and ``all_day``, ``past``,
    ``cancelled``. ``day`` moves the event to another day; ``invited_parties`` and
    ``invited_people`` are invited (the people personally). Nobody made it unless
    ``created_by`` says so: a factory adds no one to the organiser's party.
    """

    class Meta:
        model = Event
        exclude = ("day", "last_day")

    class Params:
        meeting = factory.Trait(kind=EventKind.MEETING)
        staff_exchange = factory.Trait(
            kind=EventKind.STAFF_EXCHANGE,
            title="Työntekijävaihto",
            all_day=True,
            last_day=factory.LazyAttribute(lambda o: o.day + timedelta(days=2)),
            exchange=factory.RelatedFactory(
                "tests.factories.annual_calendar.StaffExchangeFactory",
                factory_related_name="event",
            ),
        )
        training = factory.Trait(kind=EventKind.TRAINING, title="Yhteiskoulutus")
        visit = factory.Trait(kind=EventKind.VISIT, title="Tutustumiskäynti")
        agreement_review = factory.Trait(
            kind=EventKind.AGREEMENT_REVIEW, title="Yhteistyösopimuksen katselmointi"
        )
        other = factory.Trait(kind=EventKind.OTHER, title="Muu tapahtuma")
        past = factory.Trait(day=factory.LazyFunction(lambda: days_from_today(-30)))
        cancelled = factory.Trait(
            status=EventStatus.CANCELLED, cancellation_reason="Siirretään myöhemmäksi.", sequence=1
        )

    day = factory.LazyFunction(lambda: days_from_today(14))
    last_day = factory.SelfAttribute("day")
    kind = EventKind.MEETING
    title = "Yhteistyötapaaminen"
    all_day = False
    # All-day events run from midnight of the first day to midnight after the last.
    starts_at = factory.LazyAttribute(lambda o: helsinki(o.day, time(0) if o.all_day else time(9)))
    ends_at = factory.LazyAttribute(
        lambda o: (
            helsinki(o.last_day + timedelta(days=1), time(0))
            if o.all_day
            else helsinki(o.last_day, time(12))
        )
    )
    place = "Kouvola"
    organiser = factory.SubFactory(PartyFactory, kind=PartyKind.WORKSHOP)
    created_by = None
    invited_parties = factory.LazyFunction(list)

    @factory.post_generation
    def invited_people(self: Event, create: bool, people: list[User] | None) -> None:
        for person in people or ():
            self.invitations.append(Invitation(user=person, personal=True))
        if create and people:
            EventFactory._meta.sqlalchemy_session_factory().commit()


class StaffExchangeFactory(BaseFactory):
    """A provider's study counsellor hosted by the organising workshop."""

    class Meta:
        model = StaffExchange

    event = factory.SubFactory(EventFactory, kind=EventKind.STAFF_EXCHANGE)
    guest = factory.SubFactory(
        UserFactory, party=factory.SubFactory(PartyFactory, kind=PartyKind.EDUCATION_PROVIDER)
    )
    guest_party = factory.SelfAttribute("guest.party")
    host_party = factory.SelfAttribute("event.organiser")
    guest_role = ExchangeRole.STUDY_COUNSELLOR


class InvitationFactory(BaseFactory):
    """A personal invitation, unanswered; ``yes``, ``no`` and ``maybe`` give the answer."""

    class Meta:
        model = Invitation

    class Params:
        yes = factory.Trait(answer=Answer.YES, answered_at=factory.LazyFunction(utcnow))
        no = factory.Trait(answer=Answer.NO, answered_at=factory.LazyFunction(utcnow))
        maybe = factory.Trait(answer=Answer.MAYBE, answered_at=factory.LazyFunction(utcnow))

    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory(UserFactory)
    personal = True


class ActionItemFactory(BaseFactory):
    """A decision of a past meeting for the organiser's coordinator, due in two weeks;
    ``overdue``, ``done`` and ``dropped`` give its state."""

    class Meta:
        model = ActionItem

    class Params:
        overdue = factory.Trait(due_on=factory.LazyFunction(lambda: days_from_today(-3)))
        done = factory.Trait(
            state=ActionState.DONE,
            closed_at=factory.LazyFunction(utcnow),
            closed_by=factory.SelfAttribute("owner"),
        )
        dropped = factory.Trait(
            state=ActionState.DROPPED,
            closed_at=factory.LazyFunction(utcnow),
            closed_by=factory.SelfAttribute("owner"),
            note="Ei enää ajankohtainen.",
        )

    event = factory.SubFactory(EventFactory, past=True)
    owner = factory.SubFactory(
        UserFactory, role=Role.COORDINATOR, party=factory.SelfAttribute("..event.organiser")
    )
    title = factory.Sequence(lambda n: f"Päätös {n}")
    due_on = factory.LazyFunction(lambda: days_from_today(14))
    state = ActionState.OPEN


class ActionItemReminderFactory(BaseFactory):
    """A reminder already sent on an item's due day."""

    class Meta:
        model = ActionItemReminder
        exclude = ("item",)

    class Params:
        overdue = factory.Trait(stage=Stage.OVERDUE)

    item = factory.SubFactory(ActionItemFactory)
    item_id = factory.SelfAttribute("item.id")
    stage = Stage.DUE
    due_on = factory.SelfAttribute("item.due_on")
    at = factory.LazyFunction(utcnow)


class CalendarFeedFactory(BaseFactory):
    """A person's secret feed address; only the token's hash is kept."""

    class Meta:
        model = CalendarFeed

    class Params:
        token = factory.Sequence(lambda n: f"feed-token-{n}")

    user = factory.SubFactory(UserFactory)
    token_hash = factory.LazyAttribute(lambda o: hashlib.sha256(o.token.encode()).hexdigest())
