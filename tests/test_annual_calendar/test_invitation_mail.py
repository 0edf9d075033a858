"""Invitations by e-mail carry the event as a calendar file that mail clients offer to add."""

from __future__ import annotations

from email.message import EmailMessage
from typing import Any

import vobject
from flask import Flask

from portal.annual_calendar import service
from portal.annual_calendar.models import Event
from portal.auth.models import User
from tests.mail import Mailbox, deliver
from tests.test_annual_calendar.conftest import details


def calendar_part(message: EmailMessage) -> tuple[EmailMessage, Any]:
    [part] = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    return part, vobject.readOne(part.get_content())


def test_invitation_mail_carries_a_request(
    app: Flask, meeting: Event, supporting_coordinator: User, mailbox: Mailbox
) -> None:
    deliver(app)
    [message] = mailbox.to(supporting_coordinator.email)
    part, parsed = calendar_part(message)
    assert part.get_param("method") == "REQUEST"
    assert parsed.method.value == "REQUEST"
    vevent = parsed.vevent
    assert vevent.uid.value == meeting.uid
    assert vevent.attendee.value == f"mailto:{supporting_coordinator.email}"
    assert vevent.organizer.params["CN"] == [meeting.organiser.name]
    assert vevent.dtstart.value.utcoffset() is not None  # a real time in Helsinki, not floating


def test_cancellation_mail_carries_a_cancel_with_a_higher_sequence(
    app: Flask,
    db: Any,
    meeting: Event,
    coordinator: User,
    supporting_coordinator: User,
    mailbox: Mailbox,
) -> None:
    deliver(app)
    first_sequence = int(
        calendar_part(mailbox.to(supporting_coordinator.email)[0])[1].vevent.sequence.value
    )
    mailbox.clear()
    with app.test_request_context():
        service.cancel_event(coordinator, db.session.get(Event, meeting.id), "Sairastapaus")
        db.session.commit()
    deliver(app)
    [message] = mailbox.to(supporting_coordinator.email)
    part, parsed = calendar_part(message)
    assert part.get_param("method") == "CANCEL"
    assert parsed.method.value == "CANCEL"
    assert parsed.vevent.status.value == "CANCELLED"
    assert int(parsed.vevent.sequence.value) > first_sequence


def test_the_actor_gets_no_invitation_of_their_own(
    app: Flask, meeting: Event, coordinator: User, mailbox: Mailbox
) -> None:
    deliver(app)
    assert mailbox.to(coordinator.email) == []


def test_those_no_longer_invited_are_told_and_their_calendar_loses_the_event(
    app: Flask,
    db: Any,
    meeting: Event,
    coordinator: User,
    provider_coordinator: User,
    supporting_coordinator: User,
    mailbox: Mailbox,
) -> None:
    deliver(app)
    mailbox.clear()
    # Anna is no longer invited by name; Luovi stays invited.
    with app.test_request_context():
        event = db.session.get(Event, meeting.id)
        changed = details(
            day=event.start_date, invited_party_ids=[p.id for p in event.invited_parties]
        )
        assert service.update_event(coordinator, event, changed)
        db.session.commit()
    deliver(app)

    [message] = mailbox.to(supporting_coordinator.email)
    assert "ei enää kutsu" in message.get_body(("plain",)).get_content()
    part, parsed = calendar_part(message)
    assert part.get_param("method") == "CANCEL"
    assert parsed.method.value == "CANCEL"
    assert parsed.vevent.uid.value == meeting.uid
    assert parsed.vevent.status.value == "CANCELLED"
    assert parsed.vevent.attendee.value == f"mailto:{supporting_coordinator.email}"

    # The event goes on for those still invited: they get a change, not a cancellation.
    [change] = mailbox.to(provider_coordinator.email)
    part, parsed = calendar_part(change)
    assert part.get_param("method") == "REQUEST"
    assert parsed.vevent.status.value == "CONFIRMED"
