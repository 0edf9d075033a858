"""/metrics: Prometheus's text format, only for the operator's networks, after each thing it
counts has happened."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from prometheus_client.parser import text_string_to_metric_families

from portal import create_app
from portal.auth.models import User
from portal.core.models import utcnow
from portal.outbox import worker
from portal.outbox.models import OutboxStatus
from portal.quotas.expiry import release_expired
from tests import factories
from tests.conftest import PASSWORD, app_config
from tests.mail import free_port

WRONG = "not the password at all"


def scrape(client: FlaskClient) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of a scrape by its name and labels."""
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    samples = {}
    for family in text_string_to_metric_families(response.get_data(as_text=True)):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def value(samples: dict[Any, float], name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_metrics_count_requests_sign_in_failures_and_throttles(
    app: Flask, client: FlaskClient, coordinator: User
) -> None:
    before = scrape(client)
    assert client.get("/healthz").status_code == 200
    assert client.get("/no/such/page").status_code == 404
    assert client.open("/healthz", method="X-INVENTED-1").status_code == 405
    attacker = app.test_client()
    attacker.environ_base["REMOTE_ADDR"] = "203.0.113.66"
    statuses = [
        attacker.post("/auth/login", data={"email": coordinator.email, "password": WRONG})
        for _ in range(6)
    ]
    assert [s.status_code for s in statuses] == [422] * 6
    refused = attacker.post("/auth/login", data={"email": coordinator.email, "password": PASSWORD})
    assert refused.status_code == 429
    after = scrape(client)

    def grew(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert (
        grew(
            "silta_http_requests_total",
            endpoint="observability.healthz",
            method="GET",
            status="200",
        )
        == 1
    )
    assert grew("silta_http_requests_total", endpoint="unmatched", method="GET", status="404") == 1
    assert (
        grew("silta_http_requests_total", endpoint="auth.login", method="POST", status="422") == 6
    )
    assert (
        grew("silta_http_requests_total", endpoint="auth.login", method="POST", status="429") == 1
    )
    assert grew("silta_http_request_duration_seconds_count", endpoint="auth.login") == 7
    assert grew("silta_http_request_duration_seconds_bucket", endpoint="auth.login", le="+Inf") == 7
    assert grew("silta_sign_in_failures_total") == 6
    assert grew("silta_sign_in_throttled_total") == 1
    # No series is named after a raw path or a method the client made up.
    assert not any("/no/such/page" in str(labels) for _, labels in after)
    assert not any("X-INVENTED" in str(labels) for _, labels in after)
    assert (
        grew("silta_http_requests_total", endpoint="unmatched", method="other", status="405") == 1
    )


def test_metrics_read_the_queue_failed_mail_quota_releases_and_documents_from_the_database(
    app: Flask, client: FlaskClient, db: Any, request_context: None, storage_dir: Path
) -> None:
    before = scrape(client)
    # Mail: one message waiting for twenty minutes, one to be retried later, and one that the
    # worker gives up on while the mail server is away.
    factories.OutboxMessageFactory(created_at=utcnow() - timedelta(minutes=20))
    factories.OutboxMessageFactory(retrying=True)
    doomed = factories.OutboxMessageFactory(next_attempt_at=utcnow() - timedelta(days=1))
    db.session.commit()
    saved = {name: app.config[name] for name in ("MAIL_PORT", "OUTBOX_MAX_ATTEMPTS")}
    app.config.update(MAIL_PORT=free_port(), OUTBOX_MAX_ATTEMPTS=1)
    try:
        worker.send_claimed(worker.claim_next(utcnow() - timedelta(hours=12)))  # type: ignore[arg-type]
    finally:
        app.config.update(saved)
    db.session.refresh(doomed)
    assert doomed.status == OutboxStatus.FAILED
    # Quota places: two unfilled ones go back at the reply-by date, as the worker's round
    # returns them, and a provider gives a filled place back.
    quota = factories.QuotaFactory(reply_passed=True, places=2)
    db.session.commit()
    assert release_expired() == [quota.id]
    factories.QuotaAllocationFactory(released=True)
    # Documents: the bytes of the files kept, not of those purged.
    factories.DocumentVersionFactory(size=3000)
    factories.DocumentVersionFactory(size=500, purged=True)
    db.session.commit()
    after = scrape(client)

    def grew(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert grew("silta_outbox_queued_messages") == 2
    assert value(after, "silta_outbox_oldest_queued_age_seconds") >= 20 * 60
    assert grew("silta_outbox_failed_messages") == 1
    assert grew("silta_quota_places_released_total", by="reply_by_date") == 2
    assert grew("silta_quota_places_released_total", by="provider") == 1
    assert grew("silta_document_bytes_stored") == 3000


def test_with_an_empty_queue_the_oldest_message_is_zero_seconds_old(
    client: FlaskClient, db: Any
) -> None:
    factories.OutboxMessageFactory(sent=True)
    db.session.commit()
    samples = scrape(client)
    assert value(samples, "silta_outbox_queued_messages") == 0
    assert value(samples, "silta_outbox_oldest_queued_age_seconds") == 0


@pytest.mark.parametrize("address", ["10.1.2.3", "203.0.113.9", "::ffff:10.0.0.1"])
def test_metrics_are_not_found_from_other_addresses(app: Flask, db: Any, address: str) -> None:
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    response = client.get("/metrics")
    assert response.status_code == 404
    assert "silta_" not in response.get_data(as_text=True)


def test_the_operator_allows_a_network_of_its_own(app: Flask, db: Any) -> None:
    previous = app.config["METRICS_ALLOWED"]
    app.config["METRICS_ALLOWED"] = ["10.1.0.0/16"]
    try:
        inside = app.test_client()
        inside.environ_base["REMOTE_ADDR"] = "10.1.2.3"
        assert inside.get("/metrics").status_code == 200
        # Loopback is no longer allowed once the operator lists its own networks.
        assert app.test_client().get("/metrics").status_code == 404
    finally:
        app.config["METRICS_ALLOWED"] = previous


def test_without_the_database_the_process_series_are_still_scraped(
    tmp_path: Path, smtp_server: Any
) -> None:
    missing = tmp_path / "no" / "such" / "dir" / "db.sqlite3"
    app = create_app(app_config(f"sqlite:///{missing}", smtp_server[0].port))
    client = app.test_client()
    client.get("/healthz")
    samples = scrape(client)
    assert (
        value(
            samples,
            "silta_http_requests_total",
            endpoint="observability.healthz",
            method="GET",
            status="503",
        )
        >= 1
    )
    assert not any(name.startswith("silta_outbox_") for name, _ in samples)
