"""Several servers: two gunicorns and two outbox workers on one PostgreSQL, Redis and S3.

Everything runs as in production, configured only by the environment: the portal's
sessions, CSRF secrets and sign-in throttle live in the database, the limiter's counts in
Redis (a redis-server of the test's own), documents in a bucket of a real S3 API server, and
mail goes to a real SMTP server. One person's requests alternate between the two servers,
as a load balancer without sticky sessions would send them, behind a proxy that sets
X-Forwarded-For. PostgreSQL is the one of TEST_DATABASE_URL, or else the local server, so the
test runs in the suite's SQLite run too; it is skipped only where there is none.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import secrets
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests
import sqlalchemy as sa
from flask_migrate import upgrade

from portal import create_app
from portal.auth.models import User
from portal.core.audit import AuditEvent
from portal.extensions import db
from portal.outbox.models import OutboxMessage, OutboxStatus
from portal.parties.models import PartyKind
from tests import databases, factories
from tests.conftest import app_config, csrf_token_from
from tests.files import make_pdf
from tests.mail import Mailbox
from tests.object_store import CREDENTIALS, S3Server
from tests.servers import free_port, listening, print_logs, start, stop, wait_for

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PROXIED_ADDRESS = "198.51.100.23"
ATTACKER_ADDRESS = "203.0.113.66"
LARGE = 12 * 1024 * 1024  # three parts of 5 MiB in S3
LARGE_TEXT = (b"Rivi tekstia\n" * (LARGE // 13 + 1))[:LARGE]


@pytest.fixture
def postgresql_url(tmp_path: Path) -> Iterator[str]:
    server = databases.postgresql_reachable()
    if server is None:
        pytest.skip("no PostgreSQL server: neither TEST_DATABASE_URL nor 127.0.0.1:5432")
    with databases.postgresql_database(server, "servers") as url:
        yield url


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed")
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        + ["--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(lambda: listening(port), 30, "redis-server")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


@dataclass
class Account:
    email: str
    name: str
    party_id: int | None


@dataclass
class People:
    owner: Account
    recipient: Account
    others: list[Account]


@pytest.fixture
def environment(
    postgresql_url: str,
    redis_url: str,
    s3_server: S3Server,
    smtp_server: tuple[Any, Mailbox],
    tmp_path: Path,
) -> dict[str, str]:
    """The settings every server and worker gets, as a service manager would give them."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("PORTAL_", "DATABASE_"))}
    return {
        **base,
        **CREDENTIALS,
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": postgresql_url,
        "PORTAL_SECRET_KEY": secrets.token_urlsafe(48),
        "PORTAL_STORAGE_KEY": base64.b64encode(os.urandom(32)).decode(),
        "PORTAL_STORAGE_URL": f"s3://{s3_server.new_bucket()}/silta",
        "PORTAL_S3_ENDPOINT_URL": s3_server.endpoint,
        "PORTAL_S3_PART_MB": "5",
        "PORTAL_RATELIMIT_STORAGE_URI": redis_url,
        "PORTAL_MAIL_BACKEND": "smtp",
        "PORTAL_MAIL_SERVER": "127.0.0.1",
        "PORTAL_MAIL_PORT": str(smtp_server[0].port),
        "PORTAL_MAIL_SECURITY": "none",
        "PORTAL_OUTBOX_POLL_SECONDS": "1",
        "PORTAL_TRUSTED_PROXIES": "1",
        "PORTAL_SERVERS": "2",
        # Nothing of the servers' is kept on their disks; this directory stays empty.
        "PORTAL_STORAGE_DIR": str(tmp_path / "unused-storage"),
    }


@pytest.fixture
def people(postgresql_url: str, smtp_server: tuple[Any, Mailbox]) -> People:
    """The schema, and the accounts, made before any server starts."""
    app = create_app(app_config(postgresql_url, smtp_server[0].port))
    with app.app_context():
        upgrade()
        workshop = factories.PartyFactory(name="Parik-säätiö", kind=PartyKind.WORKSHOP)
        provider = factories.PartyFactory(
            name="Ammattiopisto Luovi", kind=PartyKind.EDUCATION_PROVIDER
        )
        owner = factories.coordinator_of(workshop, email="maria@parik.example")
        recipient = factories.coordinator_of(provider, email="paivi@luovi.example")
        others = [
            factories.UserFactory(party=workshop, email=f"valmentaja{n}@parik.example")
            for n in range(8)
        ]
        db.session.commit()

        def account(user: User) -> Account:
            return Account(user.email, user.name, user.party_id)

        people = People(account(owner), account(recipient), [account(u) for u in others])
        db.session.remove()
        db.engine.dispose()
    return people


@pytest.fixture
def servers(environment: dict[str, str], people: People, tmp_path: Path) -> Iterator[list[str]]:
    """Two gunicorns of two workers each, and two outbox workers; the servers' addresses."""
    ports = [free_port(), free_port()]
    processes = [
        start(
            [str(BIN / "gunicorn"), "--workers", "2", "--bind", f"127.0.0.1:{port}"]
            + ["--timeout", "120", "portal:create_app()"],
            environment,
            tmp_path / f"server-{n}.log",
        )
        for n, port in enumerate(ports)
    ] + [
        start(
            [str(BIN / "flask"), "--app", "portal", "outbox", "run"],
            environment,
            tmp_path / f"worker-{n}.log",
        )
        for n in range(2)
    ]
    try:
        for port in ports:
            wait_for(lambda port=port: listening(port), 120, f"the server on {port}")
        yield [f"http://127.0.0.1:{port}" for port in ports]
    finally:
        stop(processes)
        print_logs(tmp_path)


class Browser:
    """One person's browser behind a load balancer: each request to the next server."""

    def __init__(self, servers: list[str], address: str = PROXIED_ADDRESS) -> None:
        self.session = requests.Session()
        self.session.headers["X-Forwarded-For"] = address
        self.session.headers["Accept-Language"] = "fi"
        self.servers = servers
        self.turn = 0
        self.served_by: list[str] = []

    def _next(self) -> str:
        server = self.servers[self.turn % len(self.servers)]
        self.turn += 1
        self.served_by.append(server)
        return server

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.session.get(self._next() + path, allow_redirects=False, timeout=60, **kwargs)

    def post(self, path: str, **kwargs: Any) -> requests.Response:
        return self.session.post(self._next() + path, allow_redirects=False, timeout=120, **kwargs)

    def token(self, path: str) -> str:
        page = self.get(path)
        assert page.status_code == 200, page.status_code
        return csrf_token_from(page.text)

    def sign_in(self, email: str, password: str = factories.PASSWORD) -> requests.Response:
        token = self.token("/auth/login")
        return self.post(
            "/auth/login", data={"email": email, "password": password, "csrf_token": token}
        )


def _mail_by_address(mailbox: Mailbox) -> dict[str, int]:
    counts: dict[str, int] = {}
    for message in mailbox.messages:
        counts[message["To"]] = counts.get(message["To"], 0) + 1
    return counts


def test_one_persons_requests_alternate_between_two_servers_and_every_mail_goes_once(
    servers: list[str],
    people: People,
    environment: dict[str, str],
    s3_server: S3Server,
    postgresql_url: str,
    mailbox: Mailbox,
) -> None:
    browser = Browser(servers)

    # Signing in: the form from one server, the answer from the other, the session on both.
    signed_in = browser.sign_in(people.owner.email)
    assert signed_in.status_code == 303, signed_in.text[:500]
    for _ in servers:
        front = browser.get("/")
        assert front.status_code == 200
        assert people.owner.name in front.text

    # CSRF holds on both: a form without its token is refused whichever server gets it.
    for _ in servers:
        assert browser.post("/documents/new", data={"title": "Ilman"}).status_code == 400

    # A large upload to one server (a multipart upload to S3), read back from the other.
    token = browser.token("/documents/new")
    uploaded = browser.post(
        "/documents/new",
        data={"title": "Iso muistio", "classification": "internal", "csrf_token": token},
        files={"file": ("muistio.txt", LARGE_TEXT, "text/plain")},
    )
    assert uploaded.status_code == 303, uploaded.text[:500]
    large_document = uploaded.headers["Location"]
    page = browser.get(large_document)
    assert page.status_code == 200
    download_path = re.search(r'href="([^"]+/download)"', page.text)
    assert download_path is not None
    download = browser.session.get(
        browser._next() + download_path.group(1), stream=True, timeout=60
    )
    assert download.status_code == 200
    digest = hashlib.sha256()
    for piece in download.iter_content(64 * 1024):
        digest.update(piece)
    assert digest.hexdigest() == hashlib.sha256(LARGE_TEXT).hexdigest()

    # A confidential PDF shared with Luovi: its coordinator is mailed (once).
    token = browser.token("/documents/new")
    shared = browser.post(
        "/documents/new",
        data={
            "title": "Yhteistyöraportti",
            "classification": "confidential",
            "recipients": [str(people.recipient.party_id)],
            "csrf_token": token,
        },
        files={"file": ("raportti.pdf", make_pdf(), "application/pdf")},
    )
    assert shared.status_code == 303, shared.text[:500]

    # What is not shared with a person is refused on both servers, and audited once a
    # minute however the requests spread: the limiter's count is in Redis, shared.
    for _ in range(4):
        assert browser.get("/documents/999999").status_code == 404

    # Password resets for eight accounts, asked of alternating servers by someone else.
    stranger = Browser(servers, address="192.0.2.10")
    for user in people.others:
        token = stranger.token("/auth/password/reset")
        asked = stranger.post(
            "/auth/password/reset", data={"email": user.email, "csrf_token": token}
        )
        assert asked.status_code == 303

    # Throttling holds across servers: six failures are free, wherever they land; then
    # even the right password waits.
    attacker = Browser(servers, address=ATTACKER_ADDRESS)
    for _ in range(6):
        assert attacker.sign_in(people.recipient.email, "väärä salasana").status_code == 422
    refused = attacker.sign_in(people.recipient.email)
    assert refused.status_code == 429
    assert "Retry-After" in refused.headers
    # The owner, from a clean address, is not refused.
    assert Browser(servers[::-1]).sign_in(people.recipient.email).status_code == 303

    # Signing out on one server ends the session on the other too.
    token = browser.token("/")
    assert browser.post("/auth/logout", data={"csrf_token": token}).status_code == 303
    after = browser.get("/")
    assert after.status_code in (302, 303) and "/auth/login" in after.headers["Location"]
    assert len(set(browser.served_by)) == 2

    # Every mail once: the document's notice to Luovi, one reset link for each account.
    expected = {people.recipient.email: 1, **{user.email: 1 for user in people.others}}
    wait_for(lambda: len(mailbox.messages) >= sum(expected.values()), 60, "the workers to send")
    time.sleep(3)  # three more rounds of both workers would show a message sent twice
    assert _mail_by_address(mailbox) == expected

    engine = sa.create_engine(postgresql_url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as connection:
            rows = connection.execute(sa.select(OutboxMessage.status, OutboxMessage.attempts)).all()
            denials = connection.scalar(
                sa.select(sa.func.count())
                .select_from(AuditEvent)
                .where(AuditEvent.event == "access.denied")
            )
    finally:
        engine.dispose()
    assert sorted(rows) == [(OutboxStatus.SENT, 1)] * sum(expected.values())
    assert denials == 1

    # Both documents are in the bucket, encrypted, and no upload was left unfinished.
    bucket = environment["PORTAL_STORAGE_URL"].removeprefix("s3://").split("/")[0]
    client = s3_server.client()
    stored = client.list_objects_v2(Bucket=bucket)["Contents"]
    assert len(stored) == 2 and all(o["Key"].startswith("silta/objects/") for o in stored)
    assert client.list_multipart_uploads(Bucket=bucket).get("Uploads", []) == []
    assert max(o["Size"] for o in stored) > LARGE
    assert not Path(environment["PORTAL_STORAGE_DIR"]).exists()
