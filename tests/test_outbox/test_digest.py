"""The daily digest: one mail a day per user, listing the notifications they chose to batch."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from portal.auth.models import User
from portal.core.models import utcnow
from portal.notifications import digest
from portal.notifications.models import Delivery, DigestItem, NotificationPreference
from portal.notifications.party_notices import PARTY_JOINED, PARTY_WITHDREW
from portal.notifications.service import notify
from portal.outbox.service import Attachment
from tests import factories
from tests.mail import Mailbox, body_of
from tests.test_outbox.conftest import Worker, all_messages, setting


def wants_digest(db: Any, user: User, *kinds: str) -> None:
    for kind in kinds:
        db.session.add(NotificationPreference(user_id=user.id, kind=kind, delivery=Delivery.DIGEST))
    db.session.commit()


def test_digest_lists_the_days_notifications_in_one_mail(
    app: Flask, workshop: Any, run_worker: Worker, mailbox: Mailbox, db: Any
) -> None:
    reader = factories.coordinator_of(workshop, email="reader@parik.example", locale="en")
    wants_digest(db, reader, "party.joined", "party.withdrew")
    with app.app_context():
        notify([reader], PARTY_JOINED, link="/parties/7", party="Kotkan paja")
        notify([reader], PARTY_WITHDREW, link="/parties/8", party="Haminan paja", date="2026-12-31")
        db.session.commit()
    # Nothing goes at once.
    assert all_messages(db) == []
    run_worker()
    assert mailbox.messages == []

    with app.app_context():
        assert digest.queue_digests() == 1
    run_worker()
    [message] = mailbox.to(reader.email)
    assert message["Subject"] == "Silta today: 2 notifications"
    body = body_of(message)
    assert body.startswith(f"Hello {reader.name},")
    joined = body.index("Kotkan paja has joined the collaboration agreement.")
    withdrew = body.index(
        "Haminan paja has withdrawn from the collaboration agreement as of 31 Dec 2026."
    )
    assert joined < withdrew  # in the order they arrived
    assert f"{app.config['PUBLIC_URL']}/parties/7" in body
    assert f"{app.config['PUBLIC_URL']}/parties/8" in body
    [queued] = all_messages(db)
    assert queued.purpose == "digest"

    # The items are gone with the digest: the next day's digest does not repeat them.
    with app.app_context():
        assert digest.queue_digests() == 0
    assert db.session.query(DigestItem).count() == 0


def test_each_user_gets_their_own_digest(
    app: Flask, workshop: Any, run_worker: Worker, mailbox: Mailbox, db: Any
) -> None:
    first = factories.coordinator_of(workshop, email="eka@parik.example")
    second = factories.coordinator_of(workshop, email="toka@parik.example", locale="sv")
    wants_digest(db, first, "party.joined")
    wants_digest(db, second, "party.joined")
    with app.app_context():
        notify([first, second], PARTY_JOINED, link="/parties/7", party="Kotkan paja")
        notify([first], PARTY_JOINED, link="/parties/9", party="Loviisan paja")
        db.session.commit()
        assert digest.queue_digests() == 2
    run_worker()
    assert "Loviisan paja" in body_of(mailbox.to(first.email)[0])
    [swedish] = mailbox.to(second.email)
    assert "Kotkan paja har anslutit sig" in body_of(swedish)
    assert "Loviisan" not in body_of(swedish)


def test_a_digest_carries_the_attachments_of_its_notifications(
    app: Flask, coordinator: User, run_worker: Worker, mailbox: Mailbox, db: Any
) -> None:
    wants_digest(db, coordinator, "party.joined")
    calendar = Attachment("kutsu.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")
    with app.app_context():
        notify([coordinator], PARTY_JOINED, attachments=[calendar], party="Kotkan paja")
        db.session.commit()
        digest.queue_digests()
    run_worker()
    [message] = mailbox.to(coordinator.email)
    assert [p.get_filename() for p in message.iter_attachments()] == ["kutsu.ics"]


def test_a_deactivated_person_gets_no_digest(
    app: Flask, coordinator: User, run_worker: Worker, mailbox: Mailbox, db: Any
) -> None:
    wants_digest(db, coordinator, "party.joined")
    with app.app_context():
        notify([coordinator], PARTY_JOINED, party="Kotkan paja")
        db.session.commit()
    coordinator.active = False
    db.session.commit()
    with app.app_context():
        assert digest.queue_digests() == 0
    assert db.session.query(DigestItem).count() == 0
    run_worker()
    assert mailbox.messages == []


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        # Winter, UTC+2: 16.00 in Helsinki is 14.00 UTC.
        (datetime(2026, 11, 24, 13, 59, tzinfo=UTC), datetime(2026, 11, 23, 14, 0, tzinfo=UTC)),
        (datetime(2026, 11, 24, 14, 0, tzinfo=UTC), datetime(2026, 11, 24, 14, 0, tzinfo=UTC)),
        # Summer, UTC+3.
        (datetime(2026, 7, 1, 13, 30, tzinfo=UTC), datetime(2026, 7, 1, 13, 0, tzinfo=UTC)),
        # Just after midnight in Helsinki, still the evening before in UTC.
        (datetime(2026, 11, 24, 22, 30, tzinfo=UTC), datetime(2026, 11, 24, 14, 0, tzinfo=UTC)),
    ],
)
def test_the_digest_hour_is_helsinki_time(app: Flask, now: datetime, expected: datetime) -> None:
    with app.app_context(), setting(app, "DIGEST_HOUR", 16):
        assert digest.latest_digest_time(now) == expected


def test_what_arrives_after_the_digest_hour_waits_for_the_next_day(
    app: Flask, coordinator: User, run_worker: Worker, mailbox: Mailbox, db: Any
) -> None:
    wants_digest(db, coordinator, "party.joined")
    with app.app_context():
        notify([coordinator], PARTY_JOINED, party="Ennen")
        notify([coordinator], PARTY_JOINED, party="Jälkeen")
        db.session.commit()
        hour = digest.latest_digest_time(utcnow())
    early, late = db.session.query(DigestItem).order_by(DigestItem.id).all()
    early.created_at = hour - timedelta(hours=3)
    late.created_at = hour + timedelta(minutes=5)
    db.session.commit()

    with app.app_context():
        assert digest.queue_due_digests(hour + timedelta(minutes=10)) == 1
    run_worker()
    [message] = mailbox.to(coordinator.email)
    assert "Ennen" in body_of(message) and "Jälkeen" not in body_of(message)
    # The worker checks on every round; before the next hour nothing more goes.
    with app.app_context():
        assert digest.queue_due_digests(hour + timedelta(hours=23)) == 0
        assert digest.queue_due_digests(hour + timedelta(hours=24)) == 1


def test_the_digest_command_sends_everything_waiting(
    app: Flask, coordinator_client: FlaskClient, coordinator: User, runner: Any, db: Any
) -> None:
    wants_digest(db, coordinator, "party.joined")
    with app.app_context():
        notify([coordinator], PARTY_JOINED, party="Kotkan paja")
        db.session.commit()
    result = runner.invoke(args=["outbox", "digest"])
    assert result.exit_code == 0 and "Queued 1 digest." in result.output
    [message] = all_messages(db)
    assert message.purpose == "digest" and message.recipient == coordinator.email
