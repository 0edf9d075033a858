"""Several people at once, with the outbox worker running: nobody gets a server error.

The portal is served by a real threaded server on a database file of its own; each person's
browser is a thread with its own cookies. They sign in, comment, open and download
documents and sign out again, all at the same moment, while the outbox worker sends the
mail their comments cause. On SQLite a transaction that read first and then writes could
meet another connection's commit and fail at once ("database is locked", without waiting
for the busy timeout); this is the load that showed it.
"""

from __future__ import annotations

import logging
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask_migrate import upgrade
from werkzeug.serving import make_server

from portal import create_app, demo
from portal.extensions import db
from portal.outbox import worker
from tests import databases
from tests.conftest import app_config

# Coordinators and staff of one workshop: they all see its placement and documents.
PEOPLE = [
    "maria.virtanen@parik.example",
    "jukka.lehtonen@parik.example",
    "sanna.nieminen@parik.example",
    "maria.virtanen@parik.example",
]
ROUNDS = 6
# A placement of the workshop, and a document with a stored file that is not stamped.
PLACEMENT = "/placements/1"
DOCUMENT = "/documents/2"
DOWNLOAD = "/documents/2/versions/2/download"


@pytest.fixture
def served(tmp_path: Path, smtp_server: Any) -> Iterator[str]:
    """The portal with the demo data, served by a threaded server; its address is yielded."""
    with databases.fresh_database(tmp_path, "load") as url:
        engine = {"pool_size": len(PEOPLE) + 4} if databases.is_postgresql() else {}
        app = create_app(
            app_config(
                url,
                smtp_server[0].port,
                PROPAGATE_EXCEPTIONS=False,
                THROTTLE_FREE_ATTEMPTS_PER_ADDRESS=1000,
                SQLALCHEMY_ENGINE_OPTIONS=engine,
            )
        )
        with app.app_context():
            upgrade()
            demo.load()
            db.session.remove()
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        stop = threading.Event()
        outbox = threading.Thread(target=_run_outbox_worker, args=(app, stop), daemon=True)
        outbox.start()
        try:
            yield f"http://127.0.0.1:{server.server_port}"
        finally:
            stop.set()
            outbox.join(timeout=30)
            server.shutdown()
            thread.join(timeout=30)
            with app.app_context():
                db.engine.dispose()


def _run_outbox_worker(app: Flask, stop: threading.Event) -> None:
    with app.app_context():
        worker.run(stop, poll_seconds=0.02)
        db.session.remove()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Every answer is looked at as it is, a redirect too."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


@dataclass
class Browser:
    base: str
    answers: list[tuple[str, str, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()), _NoRedirect()
        )

    def request(self, path: str, data: dict[str, str] | None = None) -> int:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        method = "GET" if body is None else "POST"
        try:
            with self.opener.open(self.base + path, data=body, timeout=60) as response:
                response.read()
                status = int(response.status)
        except urllib.error.HTTPError as error:
            error.read()
            status = error.code
        self.answers.append((method, path, status))
        return status


def _act(browser: Browser, email: str, number: int, errors: list[BaseException]) -> None:
    try:
        for round_ in range(ROUNDS):
            browser.request("/auth/login", {"email": email, "password": "wrong"})
            browser.request("/auth/login", {"email": email, "password": demo.DEMO_PASSWORD})
            browser.request(
                f"{PLACEMENT}/comments", {"body": f"Kommentti {number}.{round_} kuormasta"}
            )
            browser.request(DOCUMENT)
            browser.request(DOWNLOAD)
            browser.request("/")
            browser.request("/auth/logout", {})
    except BaseException as error:  # shown in the test's assertion
        errors.append(error)


def test_people_at_once_with_the_outbox_worker_get_no_server_error(
    served: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    browsers = [Browser(served) for _ in PEOPLE]
    errors: list[BaseException] = []
    threads = [
        threading.Thread(target=_act, args=(browser, email, number, errors))
        for number, (browser, email) in enumerate(zip(browsers, PEOPLE, strict=True))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)

    assert not any(thread.is_alive() for thread in threads)
    assert errors == []
    answers = [answer for browser in browsers for answer in browser.answers]
    assert len(answers) == len(PEOPLE) * ROUNDS * 7
    assert [answer for answer in answers if answer[2] >= 500] == []
    # What each step answers when it works: a wrong password is shown beside the field,
    # a sign-in, a comment and a sign-out redirect, pages and the file are shown.
    expected = {("POST", "/auth/login"): {303, 422}, ("POST", f"{PLACEMENT}/comments"): {303}}
    for method, path, status in answers:
        assert status in expected.get((method, path), {200, 303}), (method, path, status)
    signed_in = [a for a in answers if a[:2] == ("POST", "/auth/login") and a[2] == 303]
    assert len(signed_in) == len(PEOPLE) * ROUNDS
    problems = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert problems == []
    assert not any("database is locked" in r.getMessage() for r in caplog.records)
