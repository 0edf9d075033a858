"""The outbox worker's heartbeat, and the administrator's front page when it stops."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from portal.auth.models import User
from portal.core.models import utcnow
from portal.core.observability import heartbeat
from portal.outbox import worker
from tests import factories
from tests.test_observability.conftest import CapturedLog

Login = Callable[[User], FlaskClient]
WARNING_FI = "Sähköpostien lähetyspalvelu ei ole toiminut kymmeneen minuuttiin."
WARNING_SV = "Tjänsten som skickar e-post har inte gått på tio minuter."
WARNING_EN = "The e-mail worker has not run for ten minutes."


def test_the_worker_beats_after_every_round(app: Flask, db: Any) -> None:
    started = utcnow()
    stop = threading.Event()
    timer = threading.Timer(0.5, stop.set)
    with app.app_context():
        assert heartbeat.last_beat(heartbeat.OUTBOX) is None
        timer.start()
        worker.run(stop, poll_seconds=0.05)
        last = heartbeat.last_beat(heartbeat.OUTBOX)
    assert last is not None and started <= last <= utcnow()


def test_a_beat_moves_the_one_row_forward(app: Flask, db: Any) -> None:
    with app.app_context():
        heartbeat.beat(heartbeat.OUTBOX, now=utcnow() - timedelta(hours=2))
        assert heartbeat.is_stale(heartbeat.OUTBOX)
        heartbeat.beat(heartbeat.OUTBOX)
        db.session.commit()
        assert not heartbeat.is_stale(heartbeat.OUTBOX)
        assert db.session.query(heartbeat.Heartbeat).count() == 1


def beat_minutes_ago(db: Any, minutes: int) -> None:
    heartbeat.beat(heartbeat.OUTBOX, now=utcnow() - timedelta(minutes=minutes))
    db.session.commit()


def test_the_administrator_is_warned_when_the_worker_has_not_run_for_ten_minutes(
    login: Login, admin: User, db: Any
) -> None:
    beat_minutes_ago(db, 11)
    html = login(admin).get("/").get_data(as_text=True)
    assert WARNING_FI in html
    assert "Sen edellinen kierros päättyi" in html


def test_no_warning_while_the_worker_runs(login: Login, admin: User, db: Any) -> None:
    beat_minutes_ago(db, 2)
    html = login(admin).get("/").get_data(as_text=True)
    assert WARNING_FI not in html and 'id="worker-stale"' not in html


def test_a_worker_that_never_ran_is_named_so(login: Login, admin: User, db: Any) -> None:
    html = login(admin).get("/").get_data(as_text=True)
    assert WARNING_FI in html and "Se ei ole toiminut kertaakaan." in html


@pytest.mark.parametrize(("locale", "warning"), [("sv", WARNING_SV), ("en", WARNING_EN)])
def test_the_warning_in_swedish_and_english(
    login: Login, admin: User, db: Any, locale: str, warning: str
) -> None:
    admin.locale = locale
    beat_minutes_ago(db, 30)
    assert warning in login(admin).get("/").get_data(as_text=True)


@pytest.mark.parametrize("who", ["workshop_coordinator", "provider_staff", "outsider"])
def test_only_the_administrator_is_told(login: Login, people: Any, db: Any, who: str) -> None:
    beat_minutes_ago(db, 60)
    html = login(people[who]).get("/").get_data(as_text=True)
    assert WARNING_FI not in html and 'id="worker-stale"' not in html


def test_each_round_of_the_worker_logs_under_an_id_of_its_own(
    app: Flask, db: Any, captured_log: CapturedLog
) -> None:
    factories.OutboxMessageFactory()
    db.session.commit()
    stop = threading.Event()
    timer = threading.Timer(0.5, stop.set)
    with app.app_context():
        timer.start()
        worker.run(stop, poll_seconds=0.05)
    records = captured_log.records()
    sent = [r for r in records if r["message"].startswith("Outbox: 1 sent")]
    assert len(sent) == 1 and re.fullmatch(r"[0-9a-f]{32}", sent[0]["request_id"])
    started = next(r for r in records if r["message"].startswith("Outbox worker started"))
    assert started["request_id"] == ""
