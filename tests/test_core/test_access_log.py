"""A real gunicorn with the portal's logger keeps no token of a link in its access log."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask_migrate import upgrade

from portal import create_app
from portal.core.accesslog import redact
from portal.extensions import db as _db
from tests.mail import free_port

ROOT = Path(__file__).resolve().parents[2]
TOKENS = {
    "reset": "IjQ2Ig.aXNlY3JldA.resetTOKENsecret1",
    "invitation": "IjQ3Ig.aW52aXRl.inviteTOKENsecret2",
    "feed": "feedTOKENsecret3-Zx9",
    "referer": "IjQ4Ig.cmVmZXJlcg.refererTOKENsecret4",
}


@pytest.fixture(scope="module")
def gunicorn(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, Path]]:
    """gunicorn serving the portal on 127.0.0.1 with the redacting logger; its access log."""
    directory = tmp_path_factory.mktemp("gunicorn")
    database = f"sqlite:///{directory / 'portal.sqlite3'}"
    application = create_app({"SQLALCHEMY_DATABASE_URI": database})
    with application.app_context():
        upgrade()
        _db.engine.dispose()
    port = free_port()
    access_log = directory / "access.log"
    env = {**os.environ, "DATABASE_URL": database, "PORTAL_SECRET_KEY": "g" * 48}
    process = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--logger-class",
            "portal.core.accesslog.RedactingLogger",
            "--access-logfile",
            str(access_log),
            "portal:create_app()",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("gunicorn did not start") from None
                time.sleep(0.2)
        yield port, access_log
    finally:
        process.terminate()
        process.wait(timeout=30)


def fetch(port: int, path: str, **headers: str) -> int:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def test_tokens_in_paths_never_reach_the_access_log(gunicorn: tuple[int, Path]) -> None:
    port, access_log = gunicorn
    referer = f"http://127.0.0.1:{port}/auth/password/reset/{TOKENS['referer']}"
    fetch(port, f"/auth/password/reset/{TOKENS['reset']}", Referer=referer)
    fetch(port, f"/auth/invitation/{TOKENS['invitation']}")
    assert fetch(port, f"/calendar/feed/{TOKENS['feed']}.ics") == 404
    assert fetch(port, "/auth/login") == 200

    deadline = time.monotonic() + 10
    while access_log.read_text().count("\n") < 4 and time.monotonic() < deadline:
        time.sleep(0.1)
    log = access_log.read_text()
    for token in TOKENS.values():
        assert token not in log
    assert '"GET /auth/password/reset/[redacted] HTTP/1.1"' in log
    assert f'"http://127.0.0.1:{port}/auth/password/reset/[redacted]"' in log
    assert '"GET /auth/invitation/[redacted] HTTP/1.1"' in log
    assert '"GET /calendar/feed/[redacted].ics HTTP/1.1" 404' in log
    assert '"GET /auth/login HTTP/1.1" 200' in log


@pytest.mark.parametrize(
    ("logged", "kept"),
    [
        ("/calendar/feed/revoke", "/calendar/feed/revoke"),
        ("/auth/password/reset", "/auth/password/reset"),
        ("/auth/login?next=/auth/invitation/abc", "/auth/login?next=/auth/invitation/[redacted]"),
        ("/calendar/feed/a.b.ics?x", "/calendar/feed/[redacted].ics?x"),
        # The name searched for in a young person's data request.
        ("/subject-access/?q=Oona+N%C3%A4rhinen&page=2", "/subject-access/?q=[redacted]&page=2"),
        ("/subject-access/?page=2&q=oona", "/subject-access/?page=2&q=[redacted]"),
        ("/subject-access/placements/3", "/subject-access/placements/3"),
    ],
)
def test_only_the_token_is_replaced(logged: str, kept: str) -> None:
    assert redact(logged) == kept


def test_a_line_break_in_a_path_cannot_forge_a_log_line() -> None:
    # A path decoded from "%0A" carries a real line break into whatever logs it.
    forged = '/documents/1\n127.0.0.1 - admin [06/Dec/2026] "GET /admin" 200\r\x1b[2J'
    written = redact(forged)
    assert "\n" not in written and "\r" not in written and "\x1b" not in written
    assert written.startswith("/documents/1\\x0a127.0.0.1")
