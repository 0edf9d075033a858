"""The administrator sees the outbox's state, not what the messages say, and re-queues failures."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from portal.core.audit import AuditEvent
from portal.core.models import utcnow
from portal.outbox.models import OutboxMessage, OutboxStatus
from tests.test_outbox.conftest import all_messages, queue_message

URL = "/admin/outbox/"


@pytest.fixture
def messages(app: Flask, db: Any) -> list[OutboxMessage]:
    """One queued, one sent and one failed message."""
    queued = queue_message(app, db, to="odottaa@silta.example", subject="Salainen aihe 1")
    sent = queue_message(app, db, to="lahti@silta.example")
    sent.status, sent.attempts, sent.sent_at, sent.body = OutboxStatus.SENT, 1, utcnow(), ""
    failed = queue_message(app, db, to="epaonnistui@silta.example", subject="Salainen aihe 2")
    failed.status, failed.attempts = OutboxStatus.FAILED, 20
    failed.last_attempt_at = utcnow() - timedelta(hours=1)
    failed.last_error = "ConnectionRefusedError: [Errno 111] Connection refused"
    db.session.commit()
    return [queued, sent, failed]


def test_admin_sees_the_state_but_not_the_text(
    admin_client: FlaskClient, messages: list[OutboxMessage]
) -> None:
    html = admin_client.get(URL).get_data(as_text=True)
    for address in ("odottaa@silta.example", "lahti@silta.example", "epaonnistui@silta.example"):
        assert address in html
    assert "ConnectionRefusedError: [Errno 111] Connection refused" in html
    assert "Salainen aihe" not in html and "Teksti" not in html
    assert "Osapuoli liittyy linjauksiin" in html  # the kind of the message
    assert 'class="outbox-counts__failed"><span class="outbox-counts__number">1</span>' in html


def test_the_list_is_filtered_by_status_also_as_an_htmx_fragment(
    admin_client: FlaskClient, messages: list[OutboxMessage]
) -> None:
    response = admin_client.get(URL + "?status=failed", headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in html
    assert "epaonnistui@silta.example" in html and "odottaa@silta.example" not in html
    assert "1 viesti" in html
    assert "Vary" in response.headers and "HX-Request" in response.headers["Vary"]


def test_a_failed_message_is_queued_again_and_audited(
    admin_client: FlaskClient, messages: list[OutboxMessage], db: Any
) -> None:
    failed = messages[2]
    response = admin_client.post(f"{URL}{failed.id}/requeue", data={"status": "failed"})
    assert response.status_code == 303 and response.headers["Location"] == URL + "?status=failed"
    db.session.refresh(failed)
    assert failed.status == OutboxStatus.QUEUED and failed.attempts == 0
    assert failed.last_error  # the reason stays visible until the next attempt
    assert db.session.query(AuditEvent).filter_by(event="outbox.requeue").count() == 1


def test_only_a_failed_message_can_be_queued_again(
    admin_client: FlaskClient, messages: list[OutboxMessage], db: Any
) -> None:
    sent = messages[1]
    response = admin_client.post(f"{URL}{sent.id}/requeue")
    assert response.status_code == 409
    db.session.refresh(sent)
    assert sent.status == OutboxStatus.SENT
    assert admin_client.post(f"{URL}999999/requeue").status_code == 404


def test_every_failed_message_can_be_queued_again_at_once(
    app: Flask, admin_client: FlaskClient, messages: list[OutboxMessage], db: Any
) -> None:
    another = queue_message(app, db)
    another.status = OutboxStatus.FAILED
    db.session.commit()
    response = admin_client.post(URL + "requeue-failed", follow_redirects=True)
    assert "2 epäonnistunutta viestiä on asetettu uudelleen jonoon." in response.get_data(
        as_text=True
    )
    assert {m.status for m in all_messages(db)} == {OutboxStatus.QUEUED, OutboxStatus.SENT}


def test_nobody_else_sees_or_touches_the_outbox(
    coordinator_client: FlaskClient,
    staff_client: FlaskClient,
    messages: list[OutboxMessage],
    db: Any,
) -> None:
    failed = messages[2]
    for client in (coordinator_client, staff_client):
        assert client.get(URL).status_code == 403
        assert client.get(URL, headers={"HX-Request": "true"}).status_code == 403
        assert client.post(f"{URL}{failed.id}/requeue").status_code == 403
        assert client.post(URL + "requeue-failed").status_code == 403
        assert 'href="/admin/outbox/"' not in client.get("/").get_data(as_text=True)
    db.session.refresh(failed)
    assert failed.status == OutboxStatus.FAILED


def test_the_outbox_is_in_the_administrators_menu(admin_client: FlaskClient) -> None:
    assert 'href="/admin/outbox/"' in admin_client.get("/").get_data(as_text=True)


def test_requeue_needs_the_csrf_token(
    csrf_enabled: None, admin_client: FlaskClient, messages: list[OutboxMessage]
) -> None:
    assert admin_client.post(f"{URL}{messages[2].id}/requeue").status_code == 400
