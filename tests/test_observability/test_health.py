"""/healthz for the load balancer, /readyz with reason codes, and the worker's heartbeat."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from portal.core.models import utcnow
from portal.core.observability import health, heartbeat
from tests import factories


@pytest.fixture(autouse=True)
def fresh_probes() -> Iterator[None]:
    health.forget_probes()
    yield
    health.forget_probes()


@pytest.fixture
def far_away(app: Flask, db: Any) -> FlaskClient:
    """A client outside the operator's networks: the load balancer, or anyone."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = "203.0.113.9"
    return client


def test_healthz_tells_the_load_balancer_only_that_all_is_well(far_away: FlaskClient) -> None:
    response = far_away.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}
    assert response.headers["Cache-Control"] == "no-store"


def test_healthz_gives_the_operator_the_details(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    data = response.get_json()
    assert data["status"] == "ok"
    assert data["database"]["reachable"] is True
    assert data["database"]["schema"] == "current"
    assert data["version"]


@pytest.fixture
def beating(db: Any) -> None:
    heartbeat.beat(heartbeat.OUTBOX)
    db.session.commit()


def test_readyz_is_ready_with_a_moving_queue_and_a_writable_store(
    client: FlaskClient, storage_dir: Path, beating: None, db: Any
) -> None:
    factories.OutboxMessageFactory()  # queued just now
    db.session.commit()
    response = client.get("/readyz")
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["status"] == "ok"
    # The probe object was deleted again.
    assert not [p for p in storage_dir.rglob("*") if p.is_file()]


def test_readyz_fails_when_mail_waits_and_the_worker_has_stopped(
    client: FlaskClient, far_away: FlaskClient, storage_dir: Path, db: Any
) -> None:
    heartbeat.beat(heartbeat.OUTBOX, now=utcnow() - timedelta(hours=1))
    factories.OutboxMessageFactory(next_attempt_at=utcnow() - timedelta(minutes=30))
    db.session.commit()
    response = far_away.get("/readyz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable", "reasons": ["mail-queue"]}

    # The worker runs again (say it is busy with a long queue): ready.
    heartbeat.beat(heartbeat.OUTBOX)
    db.session.commit()
    assert client.get("/readyz").status_code == 200


def test_readyz_with_a_stopped_worker_but_nothing_overdue_is_ready(
    far_away: FlaskClient, storage_dir: Path, db: Any
) -> None:
    heartbeat.beat(heartbeat.OUTBOX, now=utcnow() - timedelta(hours=1))
    factories.OutboxMessageFactory()  # due just now
    factories.OutboxMessageFactory(retrying=True)  # due later
    db.session.commit()
    assert far_away.get("/readyz").status_code == 200


def test_readyz_fails_when_the_document_store_cannot_be_written(
    app: Flask, far_away: FlaskClient, tmp_path: Path, beating: None
) -> None:
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("a file where the store should be")
    previous = app.config["STORAGE_DIR"]
    app.config["STORAGE_DIR"] = str(blocked)
    try:
        response = far_away.get("/readyz")
    finally:
        app.config["STORAGE_DIR"] = previous
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable", "reasons": ["storage"]}


def test_readyz_writes_its_probe_to_object_storage_too(
    client: FlaskClient, s3_storage: str, s3_server: Any, beating: None
) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200, response.get_json()
    # It went to the bucket (a request's worth of objects written and deleted) and left nothing.
    listing = s3_server.client().list_objects_v2(Bucket=s3_storage)
    assert listing.get("KeyCount", 0) == 0

    s3_server.client().delete_bucket(Bucket=s3_storage)
    # Asked again at once, the last probe answers; its time past, the store is probed anew.
    assert client.get("/readyz").status_code == 200
    health.forget_probes()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["reasons"] == ["storage"]


@pytest.fixture
def database_gone(app: Flask, tmp_path: Path) -> Iterator[Flask]:
    """An application whose database cannot be opened."""
    from portal import create_app
    from tests.conftest import app_config

    missing = tmp_path / "no" / "such" / "dir" / "db.sqlite3"
    yield create_app(app_config(f"sqlite:///{missing}", 25))


def test_healthz_and_readyz_answer_503_without_the_database(database_gone: Flask) -> None:
    client = database_gone.test_client()
    client.environ_base["REMOTE_ADDR"] = "203.0.113.9"
    for path in ("/healthz", "/readyz"):
        response = client.get(path)
        assert response.status_code == 503
        assert response.get_json() == {"status": "unavailable", "reasons": ["database"]}
