"""Real transactions on separate connections: mail goes only after commit, and only once.

These tests use a database of their own, because the rest of the suite runs inside one
transaction that is never committed, where another connection would see nothing.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask_migrate import upgrade

from portal import create_app
from portal.auth.models import User
from portal.extensions import db
from portal.notifications.party_notices import PARTY_JOINED
from portal.notifications.service import notify
from portal.outbox import service, worker
from portal.outbox.models import OutboxMessage, OutboxStatus
from tests import databases, factories
from tests.conftest import app_config
from tests.mail import Mailbox

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    with databases.fresh_database(tmp_path, "outbox") as url:
        yield url


@pytest.fixture
def own_app(database_url: str, smtp_server: Any) -> Iterator[Flask]:
    """The portal on a database of its own, where commits are real."""
    application = create_app(app_config(database_url, smtp_server[0].port))
    with application.app_context():
        upgrade()
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


def queue_many(app: Flask, count: int) -> list[str]:
    subjects = [f"Viesti {n:02d}" for n in range(count)]
    with app.app_context():
        for n, subject in enumerate(subjects):
            service.queue(f"henkilo{n}@silta.example", subject, "Teksti", purpose="party.joined")
        db.session.commit()
    return subjects


def statuses(app: Flask) -> list[tuple[OutboxStatus, int]]:
    with app.app_context():
        return [
            (status, attempts)
            for status, attempts in db.session.execute(
                sa.select(OutboxMessage.status, OutboxMessage.attempts)
            )
        ]


def worker_in_thread(app: Flask, reports: list[worker.SendReport]) -> threading.Thread:
    def work() -> None:
        # An application context of its own: its own session and connection.
        with app.app_context():
            reports.append(worker.send_due())

    thread = threading.Thread(target=work)
    thread.start()
    return thread


@pytest.mark.parametrize("outcome", ["rollback", "commit"])
def test_mail_goes_only_once_the_change_is_committed(
    own_app: Flask, mailbox: Mailbox, outcome: str
) -> None:
    with own_app.app_context():
        user = factories.coordinator_of(factories.PartyFactory(), email="maria@parik.example")
        user_id = user.id

    reports: list[worker.SendReport] = []
    with own_app.test_request_context():
        notify([db.session.get(User, user_id)], PARTY_JOINED, link="/directory", party="Kotka")
        db.session.flush()
        # A worker runs while the change is still open; on SQLite it waits for the lock.
        thread = worker_in_thread(own_app, reports)
        time.sleep(0.5)
        assert mailbox.messages == []
        if outcome == "commit":
            db.session.commit()
        else:
            db.session.rollback()
        thread.join(timeout=30)
    assert not thread.is_alive()

    with own_app.app_context():
        worker.send_due()
    if outcome == "commit":
        [message] = mailbox.messages
        assert message["To"] == "maria@parik.example"
    else:
        assert mailbox.messages == []
        assert statuses(own_app) == []


def test_two_workers_send_each_message_exactly_once(own_app: Flask, mailbox: Mailbox) -> None:
    subjects = queue_many(own_app, 40)
    reports: list[worker.SendReport] = []
    threads = [worker_in_thread(own_app, reports) for _ in range(2)]
    for thread in threads:
        thread.join(timeout=60)
    assert sum(report.sent for report in reports) == 40
    assert sorted(m["Subject"] for m in mailbox.messages) == subjects
    assert statuses(own_app) == [(OutboxStatus.SENT, 1)] * 40


def test_worker_processes_share_the_queue_and_stop_on_sigterm(
    own_app: Flask, database_url: str, smtp_server: Any, mailbox: Mailbox
) -> None:
    subjects = queue_many(own_app, 30)
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "PORTAL_SECRET_KEY": "worker-test-key",
        "PORTAL_MAIL_BACKEND": "smtp",
        "PORTAL_MAIL_SERVER": "127.0.0.1",
        "PORTAL_MAIL_PORT": str(smtp_server[0].port),
        "PORTAL_OUTBOX_POLL_SECONDS": "1",
    }
    flask = str(Path(sys.executable).with_name("flask"))
    processes = [
        subprocess.Popen(
            [flask, "--app", "portal", "outbox", "run"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        for _ in range(2)
    ]
    try:
        deadline = time.monotonic() + 60
        while len(mailbox.messages) < len(subjects) and time.monotonic() < deadline:
            time.sleep(0.2)
        # Another round of both workers would show any message sent twice.
        time.sleep(2.5)
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        outputs = [process.communicate(timeout=20)[0].decode() for process in processes]
    assert [process.returncode for process in processes] == [0, 0], outputs
    assert all("Outbox worker stopped" in output for output in outputs), outputs
    assert sorted(m["Subject"] for m in mailbox.messages) == subjects
    assert statuses(own_app) == [(OutboxStatus.SENT, 1)] * 30
