"""Every notification is e-mailed as its recipient chose, in their language, with a link to it."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from portal.auth.models import User
from portal.notifications.models import Delivery, Notification, NotificationPreference
from portal.notifications.party_notices import PARTY_JOINED, PARTY_WITHDREW
from portal.notifications.service import notify
from portal.outbox.models import OutboxMessage
from portal.outbox.service import Attachment
from portal.parties.models import Party
from portal.parties.service import PartyDetails, create_party
from tests import factories
from tests.mail import Mailbox, body_of, deliver
from tests.test_outbox.conftest import JOINING_PARTY, Worker, all_messages

ICS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Silta//FI\r\nMETHOD:REQUEST\r\n"
    "BEGIN:VEVENT\r\nUID:meeting-1@silta\r\nSUMMARY:Vastuuhenkilöiden tapaaminen\r\n"
    "DTSTART:20261201T080000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


def choose(db: Any, user: User, kind: str, delivery: Delivery) -> None:
    db.session.add(NotificationPreference(user_id=user.id, kind=kind, delivery=delivery))
    db.session.commit()


def test_a_joining_party_is_mailed_to_each_coordinator_in_their_language(
    app: Flask,
    admin_client: FlaskClient,
    workshop: Any,
    provider: Any,
    mailbox: Mailbox,
    db: Any,
) -> None:
    finnish = factories.coordinator_of(workshop, email="maria@parik.example")
    swedish = factories.coordinator_of(provider, email="paivi@luovi.example", locale="sv")
    factories.UserFactory(party=workshop, email="sanna@parik.example")  # staff: not told

    response = admin_client.post("/admin/parties/new", data=JOINING_PARTY)
    assert response.status_code == 303
    # The request only queued the mail; the worker sends it.
    assert mailbox.messages == []
    deliver(app)

    party = db.session.scalars(sa.select(Party).where(Party.name == JOINING_PARTY["name"])).one()
    link = f"{app.config['PUBLIC_URL']}/parties/{party.id}"
    assert sorted(m["To"] for m in mailbox.messages) == [finnish.email, swedish.email]
    [fi] = mailbox.to(finnish.email)
    assert fi["Subject"] == "Kotkan nuorten työpaja on liittynyt yhteistyön linjauksiin"
    assert fi["Auto-Submitted"] == "auto-generated"
    body = body_of(fi)
    assert body.startswith(f"Hei {finnish.name},")
    assert "Kotkan nuorten työpaja on liittynyt yhteistyön linjauksiin." in body
    assert link in body
    assert f"{app.config['PUBLIC_URL']}/notifications/preferences" in body
    [sv] = mailbox.to(swedish.email)
    assert sv["Subject"] == "Kotkan nuorten työpaja har anslutit sig till samarbetsavtalet"
    assert body_of(sv).startswith(f"Hej {swedish.name},") and link in body_of(sv)

    # Sent once: another round finds nothing.
    deliver(app)
    assert len(mailbox.messages) == 2


def test_nothing_is_queued_when_the_change_is_rolled_back(
    app: Flask, admin: User, workshop: Any, mailbox: Mailbox, db: Any
) -> None:
    factories.coordinator_of(workshop)
    with app.test_request_context():
        create_party(
            admin,
            PartyDetails(name="Kotkan paja", kind=workshop.kind, business_id="0116297-6"),
        )
        db.session.flush()
        assert db.session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == 1
        db.session.rollback()
    assert all_messages(db) == []
    deliver(app)
    assert mailbox.messages == []


def test_portal_only_means_no_mail(
    app: Flask, coordinator: User, run_worker: Worker, mailbox: Mailbox, db: Any
) -> None:
    choose(db, coordinator, "party.joined", Delivery.PORTAL)
    with app.app_context():
        notify([coordinator], PARTY_JOINED, link="/directory", party="Kotkan paja")
        db.session.commit()
    assert db.session.query(Notification).filter_by(user_id=coordinator.id).count() == 1
    assert all_messages(db) == []
    run_worker()
    assert mailbox.messages == []


def test_the_choice_is_per_kind(
    app: Flask, coordinator: User, run_worker: Worker, mailbox: Mailbox, db: Any
) -> None:
    choose(db, coordinator, "party.joined", Delivery.PORTAL)
    with app.app_context():
        notify([coordinator], PARTY_JOINED, link="/directory", party="Kotkan paja")
        notify(
            [coordinator], PARTY_WITHDREW, link="/directory", party="Kotkan paja", date="2026-12-31"
        )
        db.session.commit()
    run_worker()
    [message] = mailbox.to(coordinator.email)
    assert message["Subject"] == (
        "Kotkan paja on irtisanoutunut yhteistyön linjauksista 31.12.2026 alkaen"
    )


def test_an_attachment_travels_with_the_mail(
    app: Flask, coordinator: User, run_worker: Worker, mailbox: Mailbox, db: Any
) -> None:
    invitation = Attachment("kutsu.ics", ICS, "text/calendar", {"method": "REQUEST"})
    with app.app_context():
        notify(
            [coordinator],
            PARTY_JOINED,
            link="/directory",
            attachments=[invitation],
            party="Kotkan paja",
        )
        db.session.commit()
    run_worker()
    [message] = mailbox.to(coordinator.email)
    assert "Kotkan paja on liittynyt" in body_of(message)
    [part] = list(message.iter_attachments())
    assert part.get_content_type() == "text/calendar"
    assert part.get_param("method") == "REQUEST"
    assert part.get_filename() == "kutsu.ics"
    assert part.get_content().replace("\r\n", "\n") == ICS.replace("\r\n", "\n")


def test_attachments_can_be_made_for_each_recipient(
    app: Flask, workshop: Any, run_worker: Worker, mailbox: Mailbox, db: Any
) -> None:
    first = factories.coordinator_of(workshop, email="eka@parik.example")
    second = factories.coordinator_of(workshop, email="toka@parik.example")

    def for_each(user: User) -> list[Attachment]:
        return [Attachment("tervehdys.txt", f"Hei {user.email}", "text/plain")]

    with app.app_context():
        notify([first, second], PARTY_JOINED, attachments=for_each, party="Kotkan paja")
        db.session.commit()
    run_worker()
    for user in (first, second):
        [message] = mailbox.to(user.email)
        [part] = list(message.iter_attachments())
        assert part.get_content().strip() == f"Hei {user.email}"


def test_a_notification_without_a_link_points_to_the_notifications(
    app: Flask, coordinator: User, run_worker: Worker, mailbox: Mailbox, db: Any
) -> None:
    with app.app_context():
        notify([coordinator], PARTY_JOINED, party="Kotkan paja")
        db.session.commit()
    run_worker()
    [message] = mailbox.to(coordinator.email)
    assert f"{app.config['PUBLIC_URL']}/notifications/" in body_of(message).splitlines()
