"""A server killed in the middle of an upload leaves no rows, and no files once purged.

A real gunicorn serves the portal on 127.0.0.1 with a database of its own; a large upload is
sent through a socket and the server is killed (SIGKILL) while the file streams in.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask_login import FlaskLoginClient
from flask_migrate import upgrade

from portal import create_app
from portal.auth.models import Role, User
from portal.auth.sessions import start_session
from portal.documents.models import Document, DocumentVersion
from portal.extensions import db
from portal.parties.models import Party, PartyKind
from tests import databases
from tests.conftest import app_config

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")
BOUNDARY = "rajarajaraja"
FILE_SIZE = 40 * 1024 * 1024
BLOCK = bytes(range(256)) * 256
WSGI = """\
import json
from pathlib import Path

from portal import create_app

config = json.loads(Path(__file__).with_name("config.json").read_text())
config["STORAGE_KEY"] = bytes.fromhex(config["STORAGE_KEY"])
app = create_app(config)
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for(check: Any, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    pytest.fail(f"timed out waiting for {what}")


def _listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
    except OSError:
        return False
    return True


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The fields after the command's closing parenthesis: state, then the parent's pid.
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return found


@pytest.fixture
def server_app(tmp_path: Path, smtp_server: Any) -> Iterator[Flask]:
    with databases.fresh_database(tmp_path, "killed") as url:
        app = create_app(
            app_config(
                url,
                smtp_server[0].port,
                STORAGE_DIR=str(tmp_path / "storage"),
                STORAGE_KEY=os.urandom(32),
            )
        )
        app.test_client_class = FlaskLoginClient
        with app.app_context():
            upgrade()
        try:
            yield app
        finally:
            with app.app_context():
                db.engine.dispose()


def _session_cookie(app: Flask) -> str:
    with app.app_context():
        party = Party(name="Parik-säätiö", kind=PartyKind.WORKSHOP, business_id="0116297-6")
        user = User(
            email="maria@example.fi", name="Maria Virtanen", role=Role.COORDINATOR, party=party
        )
        db.session.add_all([party, user])
        db.session.flush()
        start_session(user)
        db.session.commit()
        client = app.test_client(user=user)  # type: ignore[call-arg]
        cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
        assert cookie is not None
        return cookie.value


def _start_server(app: Flask, tmp_path: Path, port: int) -> subprocess.Popen[bytes]:
    served = tmp_path / "served"
    served.mkdir()
    config = {
        key: app.config[key]
        for key in (
            "SECRET_KEY",
            "SQLALCHEMY_DATABASE_URI",
            "WTF_CSRF_ENABLED",
            "ARGON2_PARAMETERS",
            "MAIL_BACKEND",
            "MAIL_SERVER",
            "MAIL_PORT",
            "RATELIMIT_STORAGE_URI",
            "STORAGE_DIR",
        )
    }
    config["STORAGE_KEY"] = app.config["STORAGE_KEY"].hex()
    config["MAX_CONTENT_LENGTH"] = 2 * FILE_SIZE
    (served / "config.json").write_text(json.dumps(config))
    (served / "wsgi.py").write_text(WSGI)
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [str(GUNICORN), "--bind", f"127.0.0.1:{port}", "--workers", "1", "--timeout", "60"]
        + ["--chdir", str(served), "wsgi:app"],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _kill(server: subprocess.Popen[bytes]) -> None:
    for child in _children(server.pid):
        os.kill(child, signal.SIGKILL)
    server.send_signal(signal.SIGKILL)
    server.wait(timeout=30)


def test_a_server_killed_mid_upload_leaves_no_rows_and_the_purge_removes_its_bytes(
    server_app: Flask, tmp_path: Path
) -> None:
    storage_dir = Path(server_app.config["STORAGE_DIR"])
    cookie = _session_cookie(server_app)
    port = _free_port()
    server = _start_server(server_app, tmp_path, port)
    try:
        _wait_for(lambda: _listening(port), 60, "the server to listen")
        head = "".join(
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
            for name, value in (("title", "Keskeytyvä"), ("classification", "internal"))
        )
        head += (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="iso.txt"'
            "\r\nContent-Type: text/plain\r\n\r\n"
        )
        tail = f"\r\n--{BOUNDARY}--\r\n".encode()
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.putrequest("POST", "/documents/new")
        connection.putheader("Content-Type", f"multipart/form-data; boundary={BOUNDARY}")
        connection.putheader("Content-Length", str(len(head.encode()) + FILE_SIZE + len(tail)))
        connection.putheader("Cookie", f"{server_app.config['SESSION_COOKIE_NAME']}={cookie}")
        connection.endheaders(head.encode())
        text_block = b"Rivi tekstia\n" * 5000  # plain text, so the upload would be accepted
        sent = 0
        for _ in range(40):  # a few MB: the server is now writing the file
            connection.send(text_block)
            sent += len(text_block)
        _wait_for(
            lambda: any((storage_dir / "partial").glob("*.part")),
            30,
            "the upload to reach storage",
        )
        _kill(server)
        connection.close()
    finally:
        if server.poll() is None:
            _kill(server)

    with server_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Document.id))) == 0
        assert db.session.scalar(sa.select(sa.func.count(DocumentVersion.id))) == 0
    # The killed worker could not clean up: what it left is an object no row refers to.
    left = [p for p in storage_dir.rglob("*") if p.is_file()]
    assert left and all(p.parent.name == "partial" for p in left)
    result = server_app.test_cli_runner().invoke(
        args=["documents", "purge", "--grace-minutes", "0"]
    )
    assert result.exit_code == 0, result.output
    assert "1 orphaned object(s)" in result.output
    assert [p for p in storage_dir.rglob("*") if p.is_file()] == []
