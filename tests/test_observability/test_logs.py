"""One JSON line a request and a record, with the request id, and nothing personal in them."""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from portal import config as settings
from portal import create_app
from portal.auth.models import User
from portal.core.audit import AuditEvent
from portal.core.authz import public
from portal.core.observability.logs import make_handler
from portal.documents.models import Classification
from portal.extensions import db as _db
from portal.placements.models import PlacementStatus
from tests.conftest import PASSWORD, AuthActions, app_config
from tests.factories import PlacementBuilder
from tests.files import document_form
from tests.people import People
from tests.privacy_scan import Scanner
from tests.test_annual_calendar.test_feed import make_feed
from tests.test_observability.conftest import CapturedLog

YOUNG_PERSON = "Arttu Kivimaa"  # one of the demo's young people (portal.demo.young_people)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")


def test_a_whole_journey_logs_json_lines_with_request_ids_and_nothing_personal(
    app: Flask,
    client: FlaskClient,
    people: People,
    make_placement: PlacementBuilder,
    login: Callable[[User], FlaskClient],
    storage_dir: Path,
    captured_log: CapturedLog,
) -> None:
    placement = make_placement(
        PlacementStatus.ONGOING, reference="LUOVI-2026-031", full_name=YOUNG_PERSON
    )
    coordinator = people.provider_coordinator
    auth = AuthActions(client)
    assert auth.login(coordinator.email, "not the password at all").status_code == 422
    assert auth.login(coordinator.email, PASSWORD).status_code == 303
    signed_in_as = client.get("/").headers["X-Request-ID"]

    search = client.get("/placements/", query_string={"q": YOUNG_PERSON})
    assert search.status_code == 200
    assert client.get(f"/placements/{placement.id}").status_code == 200
    comment = f"{YOUNG_PERSON} kävi tänään ensimmäistä kertaa verstaalla."
    assert (
        client.post(f"/placements/{placement.id}/comments", data={"body": comment}).status_code
        == 303
    )
    upload = client.post(
        "/documents/new",
        data=document_form(classification=Classification.INTERNAL, title=f"{YOUNG_PERSON} HOKS"),
        content_type="multipart/form-data",
    )
    assert upload.status_code == 303
    feed = make_feed(login(people.provider_staff))
    assert app.test_client().get(feed).status_code == 200
    stranger = app.test_client()
    reset = stranger.post("/auth/password/reset", data={"email": coordinator.email})
    assert reset.status_code in (200, 303)
    assert stranger.get("/no/such/page?q=" + YOUNG_PERSON).status_code == 404

    lines = captured_log.lines()
    assert len(lines) >= 12
    records = [json.loads(line) for line in lines]
    for record in records:
        assert {"time", "level", "logger", "message", "request_id"} <= record.keys()
        assert re.fullmatch(r"[0-9a-f]{32}", record["request_id"]), record
    requests = captured_log.requests()
    endpoints = {r["endpoint"] for r in requests}
    assert {
        "auth.login",
        "placements.index",
        "placements.detail",
        "documents.create",
        "annual_calendar.feed_ics",
        "auth.request_password_reset",
        "-",
    } <= endpoints, endpoints
    mine = [r for r in requests if r["request_id"] == signed_in_as]
    assert mine == [{**mine[0], "method": "GET", "endpoint": "dashboard.index", "status": 200}]
    assert mine[0]["user_id"] == coordinator.id and mine[0]["duration_ms"] >= 0

    text = captured_log.text()
    scanner = Scanner()
    scanner.learn(YOUNG_PERSON)
    scanner.seen("the JSON log", text)
    assert scanner.leaks() == []
    assert EMAIL.search(text) is None
    token = feed.rsplit("/", 1)[1].removesuffix(".ics")
    assert token not in text and "/calendar/feed/" not in text
    assert "?" not in text and "q=" not in text and "Kivimaa" not in text


def test_the_audit_rows_of_a_request_carry_its_id(
    client: FlaskClient,
    auth: AuthActions,
    coordinator: User,
    admin: User,
    login: Callable[[User], FlaskClient],
    db: Any,
) -> None:
    failed = auth.login(coordinator.email, "wrong password here")
    succeeded = auth.login(coordinator.email, PASSWORD)
    rows = db.session.scalars(
        sa.select(AuditEvent)
        .where(AuditEvent.event.in_(["login.failure", "login.success"]))
        .order_by(AuditEvent.seq)
    ).all()
    assert [(r.event, r.request_id) for r in rows[-2:]] == [
        ("login.failure", failed.headers["X-Request-ID"]),
        ("login.success", succeeded.headers["X-Request-ID"]),
    ]

    # The administrator finds them by the incident number.
    html = (
        login(admin)
        .get(
            "/admin/audit",
            query_string={"incident": failed.headers["X-Request-ID"]},
            headers={"HX-Request": "true"},  # the results alone
        )
        .get_data(as_text=True)
    )
    assert "Epäonnistunut kirjautuminen" in html and ">Kirjautui<" not in html
    assert html.count("<tr>") == 2  # the heading and the one row


def test_a_request_id_from_the_client_is_ignored_unless_a_trusted_proxy_sets_it(
    app: Flask, client: FlaskClient
) -> None:
    chosen = "0123456789abcdef0123456789abcdef"
    answered = client.get("/healthz", headers={"X-Request-ID": chosen}).headers["X-Request-ID"]
    assert answered != chosen and re.fullmatch(r"[0-9a-f]{32}", answered)
    app.config["TRUSTED_PROXIES"] = 1
    try:
        proxied = client.get("/healthz", headers={"X-Request-ID": chosen})
        forged = client.get(
            "/healthz", headers={"X-Request-ID": 'x" {"level": "ERROR"} <b>hello</b>'}
        )
    finally:
        app.config["TRUSTED_PROXIES"] = 0
    assert proxied.headers["X-Request-ID"] == chosen
    assert re.fullmatch(r"[0-9a-f]{32}", forged.headers["X-Request-ID"])


def test_the_error_page_gives_the_request_id_as_its_incident_number(
    tmp_path: Path, smtp_server: Any
) -> None:
    app = create_app(
        app_config(
            f"sqlite:///{tmp_path}/x.sqlite3", smtp_server[0].port, PROPAGATE_EXCEPTIONS=False
        )
    )

    @app.get("/explode")
    @public
    def explode() -> str:
        raise RuntimeError("secret internal detail")

    log = CapturedLog()

    logging.getLogger().addHandler(log.handler)
    try:
        response = app.test_client().get("/explode")
    finally:
        logging.getLogger().removeHandler(log.handler)
    incident = response.headers["X-Request-ID"]
    body = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Virhetunnus:" in body and f"<code>{incident}</code>" in body
    records = log.records()
    error = next(r for r in records if r["level"] == "ERROR")
    assert error["request_id"] == incident and "RuntimeError" in error["exc_info"]
    assert [r["status"] for r in records if r["logger"] == "portal.request"] == [500]


def test_a_failed_statement_is_logged_without_its_parameters(
    tmp_path: Path, smtp_server: Any
) -> None:
    app = create_app(
        app_config(
            f"sqlite:///{tmp_path}/x.sqlite3",
            smtp_server[0].port,
            PROPAGATE_EXCEPTIONS=False,
            SQLALCHEMY_ENGINE_OPTIONS=settings.load(tmp_path)["SQLALCHEMY_ENGINE_OPTIONS"],
        )
    )

    @app.post("/save")
    @public
    def save() -> str:
        _db.session.execute(sa.text("CREATE TABLE note (who TEXT NOT NULL, what TEXT NOT NULL)"))
        _db.session.execute(
            sa.text("INSERT INTO note (who, what) VALUES (:who, NULL)"), {"who": YOUNG_PERSON}
        )
        return "saved"

    log = CapturedLog()
    logging.getLogger().addHandler(log.handler)
    try:
        response = app.test_client().post("/save")
    finally:
        logging.getLogger().removeHandler(log.handler)
    assert response.status_code == 500
    error = next(r for r in log.records() if r["level"] == "ERROR")
    assert "IntegrityError" in error["exc_info"] and "parameters hidden" in error["exc_info"]
    assert YOUNG_PERSON not in log.text()


def test_json_lines_lose_e_mail_addresses_and_link_tokens_whoever_logs_them() -> None:
    stream = io.StringIO()
    handler = make_handler("json", stream)
    logger = logging.getLogger("portal.outbox.worker")
    logger.addHandler(handler)
    try:
        logger.warning(
            "Outbox message %s: attempt %d failed (%s)",
            7,
            3,
            "SMTPRecipientsRefused: {'maria.virtanen@parik.example': (550, b'No such user')}",
        )
        logger.info("Link http://127.0.0.1:5000/auth/password/reset/IjQ2Ig.aXNl.c2VjcmV0 sent")
    finally:
        logger.removeHandler(handler)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert [line["message"] for line in lines] == [
        "Outbox message 7: attempt 3 failed (SMTPRecipientsRefused: {'[e-mail]': "
        "(550, b'No such user')})",
        "Link http://127.0.0.1:5000/auth/password/reset/[redacted] sent",
    ]


def test_text_format_for_development_and_the_dev_servers_lines_without_queries() -> None:

    stream = io.StringIO()
    handler = make_handler("text", stream)
    record = logging.LogRecord(
        "werkzeug",
        logging.INFO,
        __file__,
        1,
        '%s - - [date] "%s" %s -',
        ("127.0.0.1", "GET /subject-access/?q=Arttu+Kivimaa HTTP/1.1", "200"),
        None,
    )
    record.request_id = ""
    handler.handle(record)
    reset = logging.LogRecord(
        "werkzeug", logging.INFO, __file__, 1, "%s", ("GET /auth/password/reset/abc.def",), None
    )
    reset.request_id = ""
    handler.handle(reset)
    text = stream.getvalue()
    assert "Kivimaa" not in text and "abc.def" not in text
    assert "GET /subject-access/?[redacted] HTTP/1.1" in text
    assert "/auth/password/reset/[redacted]" in text

    quiet = io.StringIO()
    make_handler("json", quiet).handle(record)
    assert quiet.getvalue() == ""
