"""A real gunicorn with two workers: /metrics adds up both workers' counts, and the log is
JSON lines with the request id that each response names."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask_migrate import upgrade
from prometheus_client.parser import text_string_to_metric_families

from portal import create_app
from portal.extensions import db as _db
from tests.mail import free_port

ROOT = Path(__file__).resolve().parents[2]
REQUESTS = 24


@pytest.fixture(scope="module")
def gunicorn(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, Path]]:
    directory = tmp_path_factory.mktemp("gunicorn-metrics")
    database = f"sqlite:///{directory / 'portal.sqlite3'}"
    application = create_app({"SQLALCHEMY_DATABASE_URI": database})
    with application.app_context():
        upgrade()
        _db.engine.dispose()
    port = free_port()
    multiproc = directory / "metrics"
    (multiproc).mkdir()
    (multiproc / "counter_999999.db").write_bytes(b"left over from an earlier run")
    log = directory / "portal.log"
    env = {
        **os.environ,
        "DATABASE_URL": database,
        "PORTAL_SECRET_KEY": "g" * 48,
        "PORTAL_LOG_FORMAT": "json",
        "PROMETHEUS_MULTIPROC_DIR": str(multiproc),
    }
    with log.open("w") as stderr:
        process = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "--config",
                "python:portal.core.observability.gunicorn",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "portal:create_app()",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("gunicorn did not start: " + log.read_text()) from None
                time.sleep(0.2)
        # The counts of an earlier run were cleared when gunicorn started.
        assert not (multiproc / "counter_999999.db").exists()
        yield port, log
    finally:
        process.terminate()
        process.wait(timeout=30)


def _healthz_count(port: int) -> float:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=30) as response:
        text = response.read().decode()
    total = 0.0
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if (
                sample.name == "silta_http_requests_total"
                and sample.labels.get("endpoint") == "observability.healthz"
            ):
                total += sample.value
    return total


def test_two_workers_counts_add_up_and_the_log_is_json(gunicorn: tuple[int, Path]) -> None:
    port, log = gunicorn
    before = _healthz_count(port)
    ids = []
    for _ in range(REQUESTS):
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=30) as response:
            assert json.loads(response.read())["status"] == "ok"
            ids.append(response.headers["X-Request-ID"])
    # Whichever worker answers the scrape, it counts every worker's requests.
    assert [_healthz_count(port) - before for _ in range(4)] == [REQUESTS] * 4

    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        lines = [line for line in log.read_text().splitlines() if line.startswith("{")]
        logged = {json.loads(line).get("request_id") for line in lines}
        if set(ids) <= logged:
            break
        time.sleep(0.2)
    assert set(ids) <= logged
    # Gunicorn's own lines are JSON too.
    every = [line for line in log.read_text().splitlines() if line.strip()]
    records = [json.loads(line) for line in every]
    assert any(r["logger"] == "gunicorn.error" for r in records)
    requests = [json.loads(line) for line in lines if '"portal.request"' in line]
    assert {r["endpoint"] for r in requests} >= {"observability.healthz", "observability.metrics"}
