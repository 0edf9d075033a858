"""The portal as deployed: Debian's nginx with the shipped site, in front of two gunicorns
started as the shipped unit starts them, on PostgreSQL, with the outbox worker.

Every request goes through nginx over TLS, to the public host name, from a loopback address
of the client's own (127.0.0.7, while nginx reaches the servers from 127.0.0.1), so that the
audit log shows whose address the portal believed. PostgreSQL is TEST_DATABASE_URL's or the
local server's; the tests are skipped only where there is none, or no nginx.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import re
import secrets
import socket
import ssl
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests
import sqlalchemy as sa
from flask_migrate import upgrade
from pypdf import PdfReader
from requests.adapters import HTTPAdapter

from portal import create_app
from portal.core.audit import AuditEvent
from portal.extensions import db
from portal.parties.models import PartyKind
from tests import databases, factories
from tests.conftest import app_config, csrf_token_from
from tests.files import make_pdf
from tests.mail import Mailbox
from tests.servers import (
    ROOT,
    children,
    free_port,
    listening,
    memory_kb,
    print_logs,
    reset_peak_memory,
    start,
    stop,
    wait_for,
)
from tests.test_deploy.render import (
    PUBLIC_HOST,
    Nginx,
    env_file,
    nginx_site,
    running,
    unit_command,
)

CLIENT = "127.0.0.7"
ATTACKER = "127.0.0.9"
ADMIN_CLIENT = "127.0.0.8"
# 50 MB (the upload limit is 50 MiB for the whole request, form fields included).
LARGE = 50_000_000
LARGE_TEXT = (b"Rivi tekstia ja numeroita 0123456789\n" * (LARGE // 37 + 1))[:LARGE]
# A worker that held the document in memory would grow by its size at least; streaming it,
# a worker's peak grows by what its buffers and allocator keep (about 16 MB measured here).
FLAT_KB = 25 * 1024


class Pinned(HTTPAdapter):
    """Connects from one loopback address, asking TLS for the public host by name (SNI),
    as a browser whose resolver gave it nginx's address would."""

    def __init__(self, source: str, server_hostname: str | None) -> None:
        self.source = source
        self.server_hostname = server_hostname
        super().__init__()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["source_address"] = (self.source, 0)
        if self.server_hostname:
            kwargs["server_hostname"] = self.server_hostname
        super().init_poolmanager(*args, **kwargs)


class Browser:
    """One person's browser at https://silta.example.fi, which is nginx on the loopback."""

    def __init__(
        self, nginx: Nginx, source: str = CLIENT, host: str = PUBLIC_HOST, sni: bool = True
    ) -> None:
        self.base = f"https://127.0.0.1:{nginx.https_port}"
        self.session = requests.Session()
        # Only the test's certificate is trusted, whatever REQUESTS_CA_BUNDLE says.
        self.session.trust_env = False
        self.session.mount("https://", Pinned(source, PUBLIC_HOST if sni else None))
        self.session.verify = str(nginx.certificate)
        self.session.headers.update({"Host": host, "Accept-Language": "fi"})

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.session.get(self.base + path, allow_redirects=False, timeout=120, **kwargs)

    def post(self, path: str, **kwargs: Any) -> requests.Response:
        # A browser sends the page's address along; the portal checks it on https, as
        # Django does, so that a form cannot be posted from another site.
        headers = {"Referer": f"https://{PUBLIC_HOST}{path}", **kwargs.pop("headers", {})}
        return self.session.post(
            self.base + path, allow_redirects=False, timeout=300, headers=headers, **kwargs
        )

    def token(self, path: str) -> str:
        page = self.get(path)
        assert page.status_code == 200, (path, page.status_code)
        return csrf_token_from(page.text)

    def sign_in(self, email: str, password: str = factories.PASSWORD, **kw: Any) -> Any:
        token = self.token("/auth/login")
        return self.post(
            "/auth/login", data={"email": email, "password": password, "csrf_token": token}, **kw
        )


@dataclass
class Deployment:
    nginx: Nginx
    database_url: str
    mailbox: Mailbox
    emails: dict[str, str]
    party_ids: dict[str, int]
    user_ids: dict[str, int]
    servers: list[subprocess.Popen[bytes]] = field(default_factory=list)
    logs: Path = Path()
    environment: dict[str, str] = field(default_factory=dict)

    def workers(self) -> list[int]:
        return [pid for server in self.servers for pid in children(server.pid)]

    def audit(self, event: str) -> list[tuple[str, str]]:
        """(actor's e-mail, address) of each audit row of ``event``."""
        engine = sa.create_engine(self.database_url, poolclass=sa.pool.NullPool)
        try:
            with engine.connect() as connection:
                rows = connection.execute(
                    sa.select(AuditEvent.actor_email, AuditEvent.address)
                    .where(AuditEvent.event == event)
                    .order_by(AuditEvent.id)
                ).all()
        finally:
            engine.dispose()
        return [(r[0], r[1]) for r in rows]


@pytest.fixture(scope="module")
def postgresql(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    server = databases.postgresql_reachable()
    if server is None:
        pytest.skip("no PostgreSQL server: neither TEST_DATABASE_URL nor 127.0.0.1:5432")
    with databases.postgresql_database(server, "nginx") as url:
        yield url


def _people(database_url: str, smtp_port: int) -> tuple[dict[str, str], dict[str, int], dict]:
    app = create_app(app_config(database_url, smtp_port))
    with app.app_context():
        upgrade()
        workshop = factories.PartyFactory(name="Parik-säätiö", kind=PartyKind.WORKSHOP)
        provider = factories.PartyFactory(
            name="Ammattiopisto Luovi", kind=PartyKind.EDUCATION_PROVIDER
        )
        users = {
            "owner": factories.coordinator_of(workshop, email="maria@parik.example"),
            "recipient": factories.coordinator_of(provider, email="paivi@luovi.example"),
            "forgetful": factories.UserFactory(party=workshop, email="unohtaja@parik.example"),
            "invited": factories.UserFactory(
                party=provider, email="uusi@luovi.example", invited=True
            ),
            "admin": factories.UserFactory(admin=True, email="yllapito@silta.example"),
        }
        db.session.commit()
        emails = {role: user.email for role, user in users.items()}
        user_ids = {role: user.id for role, user in users.items()}
        parties = {"workshop": workshop.id, "provider": provider.id}
        db.session.remove()
        db.engine.dispose()
    return emails, parties, user_ids


def _environment(database_url: str, smtp_port: int, directory: Path) -> dict[str, str]:
    """deploy/silta.env.example as the units read it, with this machine's places and secrets."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("PORTAL_", "DATABASE_"))}
    # What systemd's LoadCredential= hands the service: the key in a file of its own.
    credentials = directory / "credentials"
    credentials.mkdir()
    (credentials / "storage_key").write_text(base64.b64encode(os.urandom(32)).decode())
    return {
        **base,
        **env_file(),
        "PORTAL_SECRET_KEY": secrets.token_urlsafe(48),
        "PORTAL_AUDIT_KEY": secrets.token_urlsafe(48),
        "DATABASE_URL": database_url,
        "PORTAL_STORAGE_DIR": str(directory / "documents"),
        "PORTAL_STORAGE_KEY_FILE": str(credentials / "storage_key"),
        "PORTAL_MAIL_SERVER": "127.0.0.1",
        "PORTAL_MAIL_PORT": str(smtp_port),
        "PORTAL_MAIL_SECURITY": "none",
        # No Redis here: the limiter's counts in each process (check --deploy warns of it).
        "PORTAL_RATELIMIT_STORAGE_URI": "memory://",
        "PORTAL_OUTBOX_POLL_SECONDS": "1",
        # What is tested here is the proxy: the coordinators it signs in would otherwise have to
        # set up their second step first (tests/test_auth/test_second_step_rules.py tests that).
        "PORTAL_REQUIRE_SECOND_STEP": "0",
    }


@pytest.fixture(scope="module")
def deployment(
    postgresql: str, smtp_server: tuple[Any, Mailbox], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Deployment]:
    directory = tmp_path_factory.mktemp("deployment")
    emails, parties, user_ids = _people(postgresql, smtp_server[0].port)
    environment = _environment(postgresql, smtp_server[0].port, directory)
    ports = (free_port(), free_port())
    servers = [
        start(
            unit_command("silta-web@.service", instance=str(port))[0],
            environment,
            directory / f"server-{port}.log",
        )
        for port in ports
    ]
    worker = start(unit_command("silta-outbox.service")[0], environment, directory / "outbox.log")
    try:
        for server, port in zip(servers, ports, strict=True):
            wait_for(
                lambda s=server, p=port: (
                    s.poll() is not None or (listening(p) and len(children(s.pid)) >= 3)
                ),
                120,
                f"the server on {port}",
            )
            assert server.poll() is None, (directory / f"server-{port}.log").read_text()
        with nginx_site(ports) as nginx, running(nginx):
            yield Deployment(
                nginx,
                postgresql,
                smtp_server[1],
                emails,
                parties,
                user_ids,
                servers,
                directory,
                environment,
            )
            print_logs(nginx.directory)
    finally:
        stop([*servers, worker])
        print_logs(directory)


def test_signing_in_pages_htmx_and_static_files_through_nginx(deployment: Deployment) -> None:
    browser = Browser(deployment.nginx)
    signed_in = browser.sign_in(deployment.emails["owner"])
    assert signed_in.status_code == 303, signed_in.text[:500]
    front = browser.get("/")
    assert front.status_code == 200 and "Parik-säätiö" in front.text
    # The session cookie came over https as the production one: __Host-, Secure.
    assert "__Host-silta_session" in browser.session.cookies
    # One HSTS header (nginx's; the portal's own is hidden), and nginx does not say its version.
    assert front.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert front.headers["Server"] == "nginx"
    assert "Content-Security-Policy" in front.headers

    fragment = browser.get("/documents/", headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert "<html" not in fragment.text and "HX-Request" in fragment.headers["Vary"]
    assert "<html" in browser.get("/documents/").text

    # Static files come from nginx: an hour for the unversioned names, a year for vendor/.
    css = browser.get("/static/css/portal.css")
    assert css.status_code == 200 and css.headers["Cache-Control"] == "max-age=3600"
    assert css.headers["X-Content-Type-Options"] == "nosniff"
    assert css.content == (ROOT / "portal/static/css/portal.css").read_bytes()
    htmx = browser.get("/static/vendor/htmx-2.0.11.min.js")
    assert htmx.headers["Cache-Control"] == "public, max-age=31536000, immutable"

    # The audit log has the client's address, not nginx's (127.0.0.1).
    assert deployment.audit("login.success")[-1] == (deployment.emails["owner"], CLIENT)


def _plain() -> requests.Session:
    session = requests.Session()
    session.trust_env = False
    return session


def test_plain_http_is_sent_to_https(deployment: Deployment) -> None:
    answer = _plain().get(
        f"http://127.0.0.1:{deployment.nginx.http_port}/documents/?page=2",
        headers={"Host": PUBLIC_HOST},
        allow_redirects=False,
        timeout=30,
    )
    assert answer.status_code == 301
    assert answer.headers["Location"] == f"https://{PUBLIC_HOST}/documents/?page=2"


def test_another_host_is_refused(deployment: Deployment) -> None:
    nginx = deployment.nginx
    # On a connection made for our name, a request for another gets 421 from nginx.
    other = Browser(nginx, host="evil.example").get("/auth/login")
    assert other.status_code == 421
    assert "Parik" not in other.text and "csrf_token" not in other.text
    # A TLS client that names no host, or another, gets no certificate at all.
    context = ssl.create_default_context(cafile=str(nginx.certificate))
    context.check_hostname = False
    for name in (None, "evil.example"):
        with socket.create_connection(("127.0.0.1", nginx.https_port), timeout=10) as raw:
            with pytest.raises(ssl.SSLError):
                context.wrap_socket(raw, server_hostname=name).close()
    # Plain http for another name: the connection is closed without an answer (444).
    with pytest.raises(requests.ConnectionError):
        _plain().get(
            f"http://127.0.0.1:{nginx.http_port}/",
            headers={"Host": "evil.example"},
            timeout=30,
        )


def test_http2_is_offered(deployment: Deployment) -> None:
    context = ssl.create_default_context(cafile=str(deployment.nginx.certificate))
    context.set_alpn_protocols(["h2", "http/1.1"])
    address = ("127.0.0.1", deployment.nginx.https_port)
    with socket.create_connection(address, timeout=10) as raw:
        with context.wrap_socket(raw, server_hostname=PUBLIC_HOST) as tls:
            assert tls.selected_alpn_protocol() == "h2"
            assert tls.version() in {"TLSv1.2", "TLSv1.3"}


def _download(browser: Browser, document: str) -> requests.Response:
    page = browser.get(document)
    assert page.status_code == 200
    link = re.search(r'href="([^"]+/download)"', page.text)
    assert link is not None
    return browser.session.get(browser.base + link.group(1), stream=True, timeout=300)


def test_a_50_mb_document_streams_up_and_down_with_flat_worker_memory(
    deployment: Deployment,
) -> None:
    browser = Browser(deployment.nginx)
    assert browser.sign_in(deployment.emails["owner"]).status_code == 303
    # Warm every worker's code paths with small uploads and downloads first, so that what
    # grows after is the large file's doing.
    for n in range(8):
        token = browser.token("/documents/new")
        small = browser.post(
            "/documents/new",
            data={"title": f"Pieni {n}", "classification": "internal", "csrf_token": token},
            files={"file": ("pieni.txt", b"Rivi\n" * 2000, "text/plain")},
        )
        assert small.status_code == 303, small.text[:500]
        assert _download(browser, small.headers["Location"]).content == b"Rivi\n" * 2000
    workers = deployment.workers()
    assert len(workers) == 6
    before = {pid: reset_peak_memory(pid) for pid in workers}

    token = browser.token("/documents/new")
    uploaded = browser.post(
        "/documents/new",
        data={"title": "Iso muistio", "classification": "internal", "csrf_token": token},
        files={"file": ("muistio.txt", LARGE_TEXT, "text/plain")},
    )
    assert uploaded.status_code == 303, uploaded.text[:500]
    download = _download(browser, uploaded.headers["Location"])
    assert download.status_code == 200
    digest, size = hashlib.sha256(), 0
    for piece in download.iter_content(256 * 1024):
        digest.update(piece)
        size += len(piece)
    assert size == LARGE and digest.hexdigest() == hashlib.sha256(LARGE_TEXT).hexdigest()

    # The peak of each worker during the upload and the download, over where it stood.
    growth = {pid: memory_kb(pid, "VmHWM") - before[pid] for pid in workers}
    assert max(growth.values()) < FLAT_KB, f"peak memory grew (kB): {growth}"

    # A body over the limit is refused by nginx before any server reads it.
    too_large = browser.post(
        "/documents/new",
        data=b"x" * (50 * 1024 * 1024 + 1),
        headers={"Content-Type": "application/octet-stream"},
    )
    assert too_large.status_code == 413 and "nginx" in too_large.text


def test_a_confidential_pdf_is_stamped_through_nginx(deployment: Deployment) -> None:
    browser = Browser(deployment.nginx)
    assert browser.sign_in(deployment.emails["owner"]).status_code == 303
    token = browser.token("/documents/new")
    shared = browser.post(
        "/documents/new",
        data={
            "title": "Yhteistyöraportti",
            "classification": "confidential",
            "recipients": [str(deployment.party_ids["provider"])],
            "csrf_token": token,
        },
        files={"file": ("raportti.pdf", make_pdf(), "application/pdf")},
    )
    assert shared.status_code == 303, shared.text[:500]
    reader = Browser(deployment.nginx)
    assert reader.sign_in(deployment.emails["recipient"]).status_code == 303
    download = _download(reader, shared.headers["Location"])
    assert download.status_code == 200
    stamped = PdfReader(io.BytesIO(download.content))
    assert stamped.metadata is not None and "/SiltaStamp" in stamped.metadata
    assert "Ammattiopisto Luovi" in stamped.pages[0].extract_text()


def test_the_clients_own_forwarded_for_is_ignored(deployment: Deployment) -> None:
    attacker = Browser(deployment.nginx, source=ATTACKER)
    spoofed = [f"198.51.100.{n}" for n in range(1, 8)]
    # Each try claims to come from elsewhere; nginx replaces the claim with the address it
    # sees, so the free failures of one account from one address run out all the same.
    for n in range(6):
        failed = attacker.sign_in(
            deployment.emails["recipient"],
            "väärä salasana",
            headers={"X-Forwarded-For": spoofed[n]},
        )
        assert failed.status_code == 422
    refused = attacker.sign_in(
        deployment.emails["recipient"], headers={"X-Forwarded-For": spoofed[6]}
    )
    assert refused.status_code == 429 and "Retry-After" in refused.headers
    # The owner, from an address of their own, is not locked out.
    assert Browser(deployment.nginx).sign_in(deployment.emails["recipient"]).status_code == 303

    failures = [a for e, a in deployment.audit("login.failure") if e == "paivi@luovi.example"]
    assert failures and set(failures) == {ATTACKER}
    assert not any(address in spoofed for _, address in deployment.audit("login.throttled"))


def _link(mailbox: Mailbox, address: str, path: str) -> str:
    wait_for(lambda: mailbox.to(address), 60, f"the mail to {address}")
    (message,) = mailbox.to(address)
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    match = re.search(
        rf"https://{re.escape(PUBLIC_HOST)}({re.escape(path)}[^\s]+)", body.get_content()
    )
    assert match is not None, body.get_content()
    return match.group(1)


def test_tokens_never_reach_the_access_logs(deployment: Deployment) -> None:
    nginx, mailbox = deployment.nginx, deployment.mailbox
    # A reset link asked for and opened; the page's stylesheet asked for with it as Referer.
    stranger = Browser(nginx, source="127.0.0.10")
    token = stranger.token("/auth/password/reset")
    asked = stranger.post(
        "/auth/password/reset",
        data={"email": deployment.emails["forgetful"], "csrf_token": token},
    )
    assert asked.status_code == 303
    reset = _link(mailbox, deployment.emails["forgetful"], "/auth/password/reset/")
    assert stranger.get(reset).status_code == 200
    stranger.get("/static/css/portal.css", headers={"Referer": f"https://{PUBLIC_HOST}{reset}"})

    # An invitation sent by the administrator and opened.
    admin = Browser(nginx, source=ADMIN_CLIENT)
    assert admin.sign_in(deployment.emails["admin"]).status_code == 303
    invited = deployment.user_ids["invited"]
    form = admin.token(f"/admin/accounts/{invited}/edit")
    sent = admin.post(f"/admin/accounts/{invited}/invite", data={"csrf_token": form})
    assert sent.status_code == 303, sent.text[:500]
    invitation = _link(mailbox, deployment.emails["invited"], "/auth/invitation/")
    assert Browser(nginx).get(invitation).status_code == 200

    # A calendar feed made and fetched as a calendar application does.
    owner = Browser(nginx)
    assert owner.sign_in(deployment.emails["owner"]).status_code == 303
    made = owner.post("/calendar/feed", data={"csrf_token": owner.token("/calendar/feed")})
    assert made.status_code == 303
    feed = re.search(
        r"https://[^/\s\"<]+(/calendar/feed/[^\s\"<]+[.]ics)", owner.get("/calendar/feed").text
    )
    assert feed is not None
    calendar = Browser(nginx, source="127.0.0.11").get(feed.group(1))
    assert calendar.status_code == 200 and "BEGIN:VCALENDAR" in calendar.text

    secrets_in_paths = [
        path.rsplit("/", 1)[1].removesuffix(".ics") for path in (reset, invitation, feed.group(1))
    ]
    wait_for(lambda: "/calendar/feed/" in nginx.access_log.read_text(), 10, "the log")
    log = nginx.access_log.read_text()
    for secret in secrets_in_paths:
        assert len(secret) > 20 and secret not in log
    assert "GET /auth/password/reset/[redacted] HTTP/" in log
    assert f'"https://{PUBLIC_HOST}/auth/password/reset/[redacted]"' in log
    assert "GET /auth/invitation/[redacted] HTTP/" in log
    assert "GET /calendar/feed/[redacted].ics HTTP/" in log
    # The client's address leads each line, as the portal saw it.
    assert re.search(rf"^{re.escape('127.0.0.11')} .*/calendar/feed/", log, re.MULTILINE)
    # The servers' own access logs (gunicorn's, in the journal) redact them as well.
    for server_log in deployment.logs.glob("server-*.log"):
        text = server_log.read_text(errors="replace")
        assert all(secret not in text for secret in secrets_in_paths)


def test_the_daily_run_succeeds_on_what_went_through_nginx(deployment: Deployment) -> None:
    # Last in the module: the audit trail then holds every kind of row written above.
    for command in unit_command("silta-daily.service"):
        done = subprocess.run(
            command,
            cwd=ROOT,
            env=deployment.environment,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, (command[-2:], done.stdout[-2000:], done.stderr[-2000:])
    # audit verify ends with the newest hash, which the journal keeps.
    assert re.search(r"[0-9a-f]{64}", done.stdout), done.stdout
