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
