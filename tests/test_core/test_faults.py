"""Faults: the database gone (503 in the user's language, nothing half-written, recovery by
itself) and the mail server gone (the action succeeds, the mail waits and goes once).

The database really goes away: on PostgreSQL a TCP relay between the portal and the server
is cut, on SQLite the database's directory is moved away.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy.engine import make_url

from portal import create_app
from portal.auth.models import Role, User
from portal.core.audit import AuditEvent
from portal.core.models import utcnow
from portal.extensions import db
from portal.outbox import worker
from portal.outbox.models import OutboxMessage, OutboxStatus
from tests import databases, factories
from tests.conftest import PASSWORD, app_config
from tests.mail import Mailbox, body_of, free_port

FINNISH_TITLE = "Portaali ei ole tilapäisesti käytettävissä"
SWEDISH_TITLE = "Portalen är tillfälligt otillgänglig"
EMAIL = "maria.virtanen@parik.example"
# A coordinator whose account is in Swedish.
SWEDISH_EMAIL = "karin.lindqvist@parik.example"


class Relay:
    """A TCP relay to PostgreSQL that the test cuts and restores, as a network or server fault.

    ``cut_before_commit`` cuts every connection just before a COMMIT would reach the server,
    as if the database went away in the middle of saving.
    """

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.port = free_port()
        self.cut_before_commit = False
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._listening = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        server = socket.socket()
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", self.port))
        server.listen()
        server.settimeout(0.05)
        self._listening.set()
        self._thread = threading.Thread(target=self._accept, args=(server,), daemon=True)
        self._thread.start()

    def _accept(self, server: socket.socket) -> None:
        with server:
            while self._listening.is_set():
                try:
                    client, _ = server.accept()
                except TimeoutError:
                    continue
                upstream = socket.create_connection(self.target)
                with self._lock:
                    self._sockets += [client, upstream]
                for src, dst, watch in ((client, upstream, True), (upstream, client, False)):
                    threading.Thread(target=self._pump, args=(src, dst, watch), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket, from_portal: bool) -> None:
        try:
            while data := src.recv(65536):
                if from_portal and self.cut_before_commit and b"COMMIT" in data:
                    self.cut()
                    return
                dst.sendall(data)
        except OSError:
            pass
        for sock in (src, dst):
            sock.close()

    def cut(self) -> None:
        """Refuse new connections and break the open ones."""
        self.cut_before_commit = False
        # The listener first: once the portal sees its connection break, the port is free.
        self._listening.clear()
        if self._thread is not None:
            self._thread.join()
        with self._lock:
            sockets, self._sockets = self._sockets, []
        for sock in sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()

    def restore(self) -> None:
        self.start()


def _build_app(url: str, smtp_port: int) -> Flask:
    app = create_app(app_config(url, smtp_port))
    with app.app_context():
        upgrade()
        party = factories.PartyFactory(name="Parik-säätiö")
        factories.UserFactory(email=EMAIL, role=Role.COORDINATOR, party=party, locale="fi")
        factories.UserFactory(email=SWEDISH_EMAIL, role=Role.COORDINATOR, party=party, locale="sv")
    return app


def _signed_in(app: Flask, email: str = EMAIL) -> FlaskClient:
    client = app.test_client()
    response = client.post("/auth/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 303, response.get_data(as_text=True)
    return client


def _count(app: Flask, model: Any, *where: Any) -> int:
    with app.app_context():
        return int(db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where)))


def _assert_unavailable(response: Any, title: str) -> None:
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    assert response.headers["Cache-Control"] == "no-store"
    assert title in response.get_data(as_text=True)


def _outage_answers(app: Flask) -> None:
    """What people see while the database is away: a 503 in their language, also for htmx."""
    finnish, swedish = app.test_client(), app.test_client()
    swedish.post("/language", data={"locale": "sv"})
    _assert_unavailable(finnish.post("/auth/password/reset", data={"email": EMAIL}), FINNISH_TITLE)
    response = swedish.post("/auth/password/reset", data={"email": EMAIL})
    _assert_unavailable(response, SWEDISH_TITLE)
    assert '<html lang="sv">' in response.get_data(as_text=True)
    browser = app.test_client().post(
        "/auth/password/reset", data={"email": EMAIL}, headers={"Accept-Language": "sv-FI,sv;q=0.9"}
    )
    _assert_unavailable(browser, SWEDISH_TITLE)


def _check_outage_and_recovery(app: Flask, make_unavailable: Any, make_available: Any) -> None:
    finnish = _signed_in(app)
    swedish = _signed_in(app, SWEDISH_EMAIL)
    assert finnish.get("/").status_code == 200

    make_unavailable()
    page = finnish.get("/placements/?year=2026")
    _assert_unavailable(page, FINNISH_TITLE)
    assert "/placements/?year=2026" in page.get_data(as_text=True)  # "Try again"
    _assert_unavailable(swedish.get("/"), SWEDISH_TITLE)
    fragment = finnish.get("/placements/", headers={"HX-Request": "true", "HX-Target": "results"})
    _assert_unavailable(fragment, FINNISH_TITLE)
    assert "<html" not in fragment.get_data(as_text=True)
    assert fragment.headers["HX-Retarget"] == "#messages"
    _outage_answers(app)
    # A change asked for during the outage is refused as a whole: nothing of it is saved.
    _assert_unavailable(
        finnish.post("/auth/account", data={"name": "Muutettu Nimi", "locale": "fi"}),
        FINNISH_TITLE,
    )

    make_available()
    # The same client, with no restart: the pool finds its broken connections by itself.
    assert finnish.get("/").status_code == 200
    assert swedish.get("/placements/").status_code == 200
    assert _count(app, User, User.name == "Muutettu Nimi") == 0
    assert _count(app, AuditEvent, AuditEvent.event == "password.reset_request") == 0
    assert _count(app, OutboxMessage) == 0


@contextmanager
def _relayed_database(tmp_path: Path, smtp_port: int) -> Iterator[tuple[Flask, Relay]]:
    with databases.fresh_database(tmp_path, "faults") as url:
        server = make_url(url)
        relay = Relay((server.host or "127.0.0.1", server.port or 5432))
        relay.start()
        relayed = server.set(host="127.0.0.1", port=relay.port)
        app = _build_app(relayed.render_as_string(hide_password=False), smtp_port)
        try:
            yield app, relay
        finally:
            relay.cut()
            with app.app_context():
                db.engine.dispose()


@pytest.mark.skipif(not databases.is_postgresql(), reason="the relay stands before PostgreSQL")
def test_postgresql_down_answers_503_in_the_users_language_and_recovers_by_itself(
    tmp_path: Path, smtp_server: tuple[Any, Mailbox]
) -> None:
    with _relayed_database(tmp_path, smtp_server[0].port) as (app, relay):
        _check_outage_and_recovery(app, relay.cut, relay.restore)


@pytest.mark.skipif(not databases.is_postgresql(), reason="the relay stands before PostgreSQL")
def test_postgresql_lost_while_saving_leaves_nothing_half_written(
    tmp_path: Path, smtp_server: tuple[Any, Mailbox]
) -> None:
    with _relayed_database(tmp_path, smtp_server[0].port) as (app, relay):
        client = app.test_client()
        # The request writes an audit row and queues a mail; the database goes before COMMIT.
        relay.cut_before_commit = True
        response = client.post("/auth/password/reset", data={"email": EMAIL})
        _assert_unavailable(response, FINNISH_TITLE)
        relay.restore()
        assert _count(app, AuditEvent, AuditEvent.event == "password.reset_request") == 0
        assert _count(app, OutboxMessage) == 0
        # Asked again once the database is back, the whole change is saved.
        assert client.post("/auth/password/reset", data={"email": EMAIL}).status_code == 303
        assert _count(app, AuditEvent, AuditEvent.event == "password.reset_request") == 1
        assert _count(app, OutboxMessage) == 1


@pytest.mark.skipif(databases.is_postgresql(), reason="moves an SQLite database's directory")
def test_sqlite_database_gone_answers_503_and_recovers_when_it_is_back(
    tmp_path: Path, smtp_server: tuple[Any, Mailbox]
) -> None:
    directory = tmp_path / "database"
    directory.mkdir()
    app = _build_app(f"sqlite:///{directory / 'portal.sqlite3'}", smtp_server[0].port)
    away = tmp_path / "moved-away"

    def make_unavailable() -> None:
        directory.rename(away)
        # Connections already open keep the moved file; a restarted server would have none.
        with app.app_context():
            db.engine.dispose()

    try:
        _check_outage_and_recovery(app, make_unavailable, lambda: away.rename(directory))
    finally:
        with app.app_context():
            db.engine.dispose()


@contextmanager
def _mail_server(port: int, mailbox: Mailbox) -> Iterator[None]:
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield
    finally:
        controller.stop()


def test_mail_server_down_the_action_succeeds_and_the_mail_waits_until_it_is_back(
    app: Flask, client: FlaskClient, db: Any
) -> None:
    user = factories.UserFactory(email="paivi.korhonen@luovi.example", role=Role.COORDINATOR)
    mailbox, port = Mailbox(), free_port()
    saved_port = app.config["MAIL_PORT"]
    app.config["MAIL_PORT"] = port
    try:
        # The mail server is down (started and stopped: nothing listens on its port).
        with _mail_server(port, mailbox):
            pass
        response = client.post("/auth/password/reset", data={"email": user.email})
        assert response.status_code == 303
        assert response.headers["Location"].startswith("/auth/login")

        start = utcnow()
        with app.app_context():
            report = worker.send_due(start)
        assert (report.sent, report.retrying) == (0, 1)
        db.session.expire_all()
        [message] = db.session.scalars(sa.select(OutboxMessage)).all()
        assert message.status == OutboxStatus.QUEUED and message.attempts == 1
        assert message.next_attempt_at > start

        with _mail_server(port, mailbox):
            with app.app_context():
                assert worker.send_due(start + timedelta(seconds=1)).attempted == 0  # not yet due
                assert worker.send_due(message.next_attempt_at).sent == 1
                assert worker.send_due(message.next_attempt_at + timedelta(hours=2)).attempted == 0
        [received] = mailbox.messages
        assert received["To"] == user.email
        assert "/auth/password/reset/" in body_of(received)
    finally:
        app.config["MAIL_PORT"] = saved_port
