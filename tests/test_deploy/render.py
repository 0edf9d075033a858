"""The shipped deploy/ files, made runnable here: only their placeholders are replaced.

nginx's site (deploy/nginx/silta.conf) gets a throwaway certificate, free loopback ports,
the two test servers' ports, this checkout's static files and a log of the test's own; the
systemd units get this virtualenv's programs and a port. Everything else is the file as
shipped, so a test of the rendered file is a test of what an operator installs.
"""

from __future__ import annotations

import datetime
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.servers import ROOT, free_port, listening, wait_for

DEPLOY = ROOT / "deploy"
SITE = DEPLOY / "nginx" / "silta.conf"
UNITS = DEPLOY / "systemd"
ENV_EXAMPLE = DEPLOY / "silta.env.example"
BIN = Path(sys.executable).parent

# The names an operator edits, as they stand in the shipped files.
PUBLIC_HOST = "silta.example.fi"
CERTIFICATE = "/etc/ssl/certs/silta.example.fi.pem"
CERTIFICATE_KEY = "/etc/ssl/private/silta.example.fi.key"
UPSTREAMS = ("127.0.0.1:8001", "127.0.0.1:8002")
CHECKOUT = "/srv/silta/app"
VENV_BIN = "/srv/silta/app/.venv/bin/"
ACCESS_LOG = "/var/log/nginx/silta.access.log"
ACME_ROOT = "/var/www/acme"
NOBODY = 65534


def _replace(text: str, old: str, new: str) -> str:
    assert old in text, f"the shipped file no longer has {old!r}"
    return text.replace(old, new)


def _sub(text: str, pattern: str, new: str) -> str:
    result, count = re.subn(pattern, new, text)
    assert count, f"the shipped file no longer has {pattern!r}"
    return result


def ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
    except OSError:
        return False
    return True


def make_certificate(directory: Path) -> tuple[Path, Path]:
    """A self-signed certificate for the public host, valid for a day; (chain, key)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, PUBLIC_HOST)])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(PUBLIC_HOST)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    chain, private = directory / "silta.pem", directory / "silta.key"
    chain.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    private.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return chain, private


@dataclass
class Nginx:
    directory: Path
    https_port: int
    http_port: int
    certificate: Path

    @property
    def access_log(self) -> Path:
        return self.directory / "silta.access.log"

    @property
    def error_log(self) -> Path:
        return self.directory / "error.log"

    def command(self) -> list[str]:
        binary = shutil.which("nginx") or "/usr/sbin/nginx"
        conf = self.directory / "nginx.conf"
        return [binary, "-p", f"{self.directory}/", "-c", str(conf), "-e", str(self.error_log)]


def render_site(directory: Path, nginx: Nginx, upstream_ports: tuple[int, int]) -> str:
    """deploy/nginx/silta.conf with the test's certificate, ports and paths."""
    text = SITE.read_text()
    text = _sub(text, r"listen 443\b", f"listen 127.0.0.1:{nginx.https_port}")
    text = _sub(text, r"listen 80\b", f"listen 127.0.0.1:{nginx.http_port}")
    if ipv6_loopback():
        text = _sub(text, r"listen \[::\]:443\b", f"listen [::1]:{nginx.https_port}")
        text = _sub(text, r"listen \[::\]:80\b", f"listen [::1]:{nginx.http_port}")
    else:  # a machine without IPv6: the IPv4 sockets alone
        text = _sub(text, r"\n *listen \[::\]:(443|80)\b[^;]*;", "")
    text = _replace(text, CERTIFICATE, str(nginx.certificate))
    text = _replace(text, CERTIFICATE_KEY, str(directory / "silta.key"))
    for shipped, port in zip(UPSTREAMS, upstream_ports, strict=True):
        text = _replace(text, f"server {shipped} ", f"server 127.0.0.1:{port} ")
    # A copy of the checkout's static files: the unprivileged nginx may not be able to pass
    # through the directories above the checkout.
    text = _replace(text, f"{CHECKOUT}/portal/static/", f"{directory}/app/portal/static/")
    text = _replace(text, ACCESS_LOG, str(nginx.access_log))
    return _replace(text, ACME_ROOT, str(directory / "acme"))


def _main_conf(directory: Path) -> str:
    """nginx.conf around the site, with what Debian's /etc/nginx/nginx.conf sets in http { }
    that the site relies on or must withstand (gzip on), and temporary files of its own."""
    temp = "\n".join(
        f"    {kind}_temp_path {directory / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""worker_processes 1;
pid {directory / "nginx.pid"};
error_log {directory / "error.log"} info;
events {{
    worker_connections 256;
}}
http {{
    sendfile on;
    tcp_nopush on;
    types_hash_max_size 2048;
    server_tokens off;
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3;
    ssl_prefer_server_ciphers on;
    access_log {directory / "other.access.log"};
    gzip on;
{temp}
    include {directory / "silta.conf"};
}}
"""


def _as_nobody() -> dict[str, object]:
    """Run as nobody when the tests run as root, as nginx would never be run by hand."""
    if os.geteuid() != 0:
        return {}
    return {"user": NOBODY, "group": NOBODY, "extra_groups": []}


@contextmanager
def nginx_site(upstream_ports: tuple[int, int] = (8001, 8002)) -> Iterator[Nginx]:
    """The rendered site in a directory of its own, readable by the unprivileged nginx."""
    if shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists():
        pytest.skip("nginx is not installed (make test installs Debian's)")
    directory = Path(tempfile.mkdtemp(prefix="silta-nginx-"))
    try:
        directory.chmod(0o755)
        certificate, _ = make_certificate(directory)
        nginx = Nginx(directory, free_port(), free_port(), certificate)
        (directory / "silta.conf").write_text(render_site(directory, nginx, upstream_ports))
        (directory / "nginx.conf").write_text(_main_conf(directory))
        (directory / "acme").mkdir()
        shutil.copytree(ROOT / "portal" / "static", directory / "app" / "portal" / "static")
        if os.geteuid() == 0:
            for path in [directory, *directory.rglob("*")]:
                os.chown(path, NOBODY, NOBODY)
        yield nginx
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def nginx_test(nginx: Nginx) -> subprocess.CompletedProcess[str]:
    """``nginx -t`` on the rendered configuration."""
    return subprocess.run(  # type: ignore[call-overload,no-any-return]
        [*nginx.command(), "-t"], capture_output=True, text=True, timeout=60, **_as_nobody()
    )


@contextmanager
def running(nginx: Nginx) -> Iterator[subprocess.Popen[bytes]]:
    """nginx in the foreground, unprivileged, until the block ends."""
    log = nginx.directory / "nginx.out"
    with log.open("wb") as out:
        process = subprocess.Popen(  # type: ignore[call-overload]
            [*nginx.command(), "-g", "daemon off;"],
            stdout=out,
            stderr=subprocess.STDOUT,
            **_as_nobody(),
        )
    try:
        wait_for(lambda: process.poll() is not None or listening(nginx.https_port), 30, "nginx")
        assert process.poll() is None, log.read_text() + nginx.error_log.read_text()
        yield process
    finally:
        process.terminate()
        process.wait(timeout=30)


def unit_command(unit: str, key: str = "ExecStart", instance: str = "") -> list[list[str]]:
    """The unit's command lines for ``key``, with this virtualenv's programs and ``%i``."""
    text = (UNITS / unit).read_text().replace("\\\n", " ")
    commands = []
    for line in text.splitlines():
        if line.startswith(f"{key}="):
            words = shlex.split(line.removeprefix(f"{key}="))
            commands.append([w.replace(VENV_BIN, f"{BIN}/").replace("%i", instance) for w in words])
    assert commands, f"{unit} has no {key}"
    return commands


def env_file(path: Path = ENV_EXAMPLE) -> dict[str, str]:
    """The settings of an environment file as systemd reads it (KEY=VALUE, "quoted")."""
    settings = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, _, value = line.partition("=")
        if len(value) >= 2 and value[0] == value[-1] == '"':
            value = value[1:-1]
        settings[name] = value
    return settings
