"""The worker: nothing is lost while the mail server is down, retries back off, failures stay."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from flask import Flask
from flask.testing import FlaskClient

from portal.core.models import utcnow
from portal.outbox import worker
from portal.outbox.models import OutboxStatus
from tests.mail import Mailbox, body_of, free_port
from tests.test_outbox.conftest import (
    Worker,
    all_messages,
    mail_server_down,
    queue_message,
    setting,
)


def test_mail_server_down_keeps_the_message_and_sends_it_when_back(
    app: Flask, run_worker: Worker, mailbox: Mailbox, db: Any
) -> None:
    queued = queue_message(app, db, subject="Tärkeä viesti")
    start = utcnow()
    with mail_server_down(app):
        report = run_worker(start)
    assert (report.sent, report.retrying, report.failed) == (0, 1, 0)
    [message] = all_messages(db)
    assert message.status == OutboxStatus.QUEUED and message.attempts == 1
    assert "Connection refused" in message.last_error
    assert message.next_attempt_at == start + timedelta(seconds=60)
    assert message.subject == "Tärkeä viesti"  # kept for the next attempt
    assert mailbox.messages == []

    # The server is back, but the retry is not due yet.
    assert run_worker(start + timedelta(seconds=30)).attempted == 0
    report = run_worker(start + timedelta(seconds=61))
    assert report.sent == 1
    [received] = mailbox.messages
    assert received["Subject"] == "Tärkeä viesti" and body_of(received).strip() == "Teksti"
    # Every attempt carries the same Message-ID, so a duplicate would be recognised.
    assert received["Message-ID"] == queued.message_id

    [message] = all_messages(db)
    assert message.status == OutboxStatus.SENT and message.attempts == 2
    assert message.sent_at is not None and message.last_error == ""
    # The outbox keeps no copy of what was sent.
    assert (message.subject, message.body, message.attachments) == ("", "", [])

    assert run_worker(start + timedelta(hours=5)).attempted == 0
    assert len(mailbox.messages) == 1


def test_retries_back_off_exponentially_up_to_an_hour(app: Flask) -> None:
    with app.app_context(), setting(app, "OUTBOX_RETRY_SECONDS", 60):
        delays = [worker.retry_delay(n).total_seconds() for n in range(1, 10)]
    assert delays == [60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]


def test_after_the_last_attempt_the_message_stays_as_failed_and_can_be_queued_again(
    app: Flask, admin_client: FlaskClient, run_worker: Worker, mailbox: Mailbox, db: Any
) -> None:
    queue_message(app, db)
    now = utcnow()
    with setting(app, "OUTBOX_MAX_ATTEMPTS", 3), mail_server_down(app):
        for _ in range(5):
            run_worker(now)
            now += timedelta(hours=1)
    [message] = all_messages(db)
    assert message.status == OutboxStatus.FAILED and message.attempts == 3
    assert "Connection refused" in message.last_error
    assert run_worker(now + timedelta(days=1)).attempted == 0

    response = admin_client.post(f"/admin/outbox/{message.id}/requeue")
    assert response.status_code == 303
    [message] = all_messages(db)
    assert message.status == OutboxStatus.QUEUED and message.attempts == 0
    assert run_worker().sent == 1
    assert len(mailbox.messages) == 1


class RefusingRecipients:
    """A mail server that knows no such recipient."""

    async def handle_RCPT(  # noqa: N802
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        return "550 5.1.1 No such user here"


@pytest.fixture
def refusing_server() -> Iterator[int]:
    controller = Controller(RefusingRecipients(), hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller.port
    controller.stop()


def test_a_recipient_refused_for_good_is_not_tried_again(
    app: Flask, run_worker: Worker, refusing_server: int, db: Any
) -> None:
    queue_message(app, db, to="ei.ole@silta.example")
    with setting(app, "MAIL_PORT", refusing_server):
        report = run_worker()
    assert report.failed == 1
    [message] = all_messages(db)
    assert message.status == OutboxStatus.FAILED and message.attempts == 1
    assert "No such user here" in message.last_error


def test_a_message_claimed_by_a_worker_that_died_is_sent_after_the_lease(
    app: Flask, run_worker: Worker, mailbox: Mailbox, db: Any
) -> None:
    queue_message(app, db)
    start = utcnow()
    with app.app_context():
        # A worker claims the message and dies before sending it.
        assert worker.claim_next(start) is not None
    lease = timedelta(seconds=app.config["OUTBOX_LEASE_SECONDS"])
    assert run_worker(start + lease - timedelta(seconds=1)).attempted == 0
    assert run_worker(start + lease + timedelta(seconds=1)).sent == 1
    assert len(mailbox.messages) == 1


def test_a_worker_claims_one_message_at_a_time(app: Flask, db: Any) -> None:
    for n in range(3):
        queue_message(app, db, to=f"henkilo{n}@silta.example")
    with app.app_context():
        first, second = worker.claim_next(), worker.claim_next()
    assert first is not None and second is not None and first.id != second.id
    assert [m.claim_token is not None for m in all_messages(db)] == [True, True, False]


def test_the_send_pending_command_reports_what_it_did(
    app: Flask, runner: Any, mailbox: Mailbox, db: Any
) -> None:
    queue_message(app, db)
    queue_message(app, db, to="toinen@silta.example")
    result = runner.invoke(args=["outbox", "send-pending"])
    assert result.exit_code == 0
    assert "Sent 2, to be retried 0, failed for good 0." in result.output
    assert len(mailbox.messages) == 2


def test_in_development_mail_goes_to_the_log_readably(
    app: Flask, run_worker: Worker, caplog: pytest.LogCaptureFixture, db: Any
) -> None:
    queue_message(app, db, subject="Hyvää päivää")
    with setting(app, "MAIL_BACKEND", "log"), caplog.at_level("INFO", logger="portal.mail"):
        assert run_worker().sent == 1
    assert "Subject: Hyvää päivää" in caplog.text and "\nTeksti" in caplog.text
    assert [m.status for m in all_messages(db)] == [OutboxStatus.SENT]
