"""Attempts on several servers at the same moment: every failure is counted and a refusal is
audited once. Several servers share one database only on PostgreSQL (SQLite is for a single
server), so this runs there.

Each thread has its own connection and transaction, as each worker of each server has, and
holds it open a moment so that the others really overlap with it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask_migrate import upgrade

from portal import create_app
from portal.auth import throttle
from portal.auth.models import ThrottleKey
from portal.core.audit import AuditEvent
from portal.extensions import db
from tests import databases
from tests.conftest import app_config

pytestmark = pytest.mark.skipif(
    not databases.is_postgresql(), reason="several servers share a PostgreSQL database"
)

ATTACKER = "203.0.113.66"
THREADS = 12


@pytest.fixture
def app(tmp_path: Path, smtp_server: Any) -> Iterator[Flask]:
    with databases.fresh_database(tmp_path, "throttle_race") as url:
        engine = {"pool_size": THREADS + 3, "max_overflow": 5}
        application = create_app(
            app_config(url, smtp_server[0].port, SQLALCHEMY_ENGINE_OPTIONS=engine)
        )
        with application.app_context():
            upgrade()
        yield application
        with application.app_context():
            db.engine.dispose()


def keys() -> list[throttle.Key]:
    return [throttle.key("sign_in", "coordinator@parik.example", ATTACKER)]


def race(app: Flask, action: Callable[[], Any]) -> None:
    ready = threading.Barrier(THREADS, timeout=30)
    errors: list[BaseException] = []

    def run() -> None:
        with app.test_request_context(
            "/auth/login", method="POST", environ_base={"REMOTE_ADDR": ATTACKER}
        ):
            try:
                ready.wait()
                action()
                time.sleep(0.05)
                db.session.commit()
            except BaseException as error:  # shown in the assertion below
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    assert errors == []


def test_simultaneous_failures_are_all_counted_and_refusals_audited_once(app: Flask) -> None:
    def fail() -> None:
        throttle.count(keys())

    race(app, fail)
    with app.test_request_context(environ_base={"REMOTE_ADDR": ATTACKER}):
        row = db.session.scalars(sa.select(ThrottleKey)).one()
        assert row.count == THREADS
        assert row.wait_until is not None

    def refuse() -> None:
        with pytest.raises(throttle.TooManyAttempts):
            throttle.check(
                keys(),
                actor_email="coordinator@parik.example",
            )

    race(app, refuse)
    with app.app_context():
        audited = db.session.scalars(
            sa.select(AuditEvent).where(AuditEvent.event == "rate_limit.exceeded")
        ).all()
        assert len(audited) == 1
        db.session.remove()
