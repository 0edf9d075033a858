"""The deployment check: every setting that would be unsafe in production.

``flask --app portal check --deploy`` lists them all, as Django's ``check --deploy`` does; a
production start (``PORTAL_ENV=production``) refuses the dangerous ones outright, so a
portal cannot run in production with them by mistake.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask
from werkzeug.sansio.utils import host_is_trusted

from portal.config import DEFAULT_PUBLIC_URL, ConfigError

# Shorter secret keys can be guessed offline from one signed cookie or e-mailed link.
MIN_SECRET_KEY_LENGTH = 32


@dataclass(frozen=True)
class Finding:
    code: str
    problem: str
    advice: str
    # Production refuses to start with it; the others are listed by the check only.
    refuses_start: bool = False

    def line(self) -> str:
        refused = " (production refuses to start)" if self.refuses_start else ""
        return f"{self.code}: {self.problem} {self.advice}{refused}"


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def findings(app: Flask) -> list[Finding]:
    """What the app's settings would make unsafe in production, the dangerous first."""
    found = [
        *_secrets(app),
        *_public_address(app),
        *_mail(app),
        *_sessions(app),
        *_storage(app),
        *_object_storage(app),
        *_several_servers(app),
        *_metrics(app),
    ]
    return sorted(found, key=lambda f: not f.refuses_start)


def refuse_unsafe_production(app: Flask) -> None:
    """Refuse to start in production with any dangerous setting, naming them all."""
    dangerous = [f for f in findings(app) if f.refuses_start]
    if dangerous:
        raise ConfigError(
            "Unsafe settings for production:\n" + "\n".join(f.line() for f in dangerous)
        )


def _secrets(app: Flask) -> Iterable[Finding]:
    key = app.config.get("SECRET_KEY") or ""
    if len(str(key)) < MIN_SECRET_KEY_LENGTH:
        yield Finding(
            "secret-key",
            f"The secret key is missing or shorter than {MIN_SECRET_KEY_LENGTH} characters.",
            "Set PORTAL_SECRET_KEY to a long random value, e.g. "
            "`python3 -c 'import secrets; print(secrets.token_urlsafe(48))'`.",
            refuses_start=True,
        )
    if app.config.get("DEBUG"):
        yield Finding(
            "debug",
            "Debug mode is on: a failing request would show code and settings.",
            "Unset FLASK_DEBUG and do not serve with `flask run --debug`.",
            refuses_start=True,
        )
    if not app.config.get("WTF_CSRF_ENABLED", True):
        yield Finding(
            "csrf",
            "CSRF protection is off.",
            "Remove WTF_CSRF_ENABLED=False from the configuration.",
            refuses_start=True,
        )


def _public_address(app: Flask) -> Iterable[Finding]:
    public_url = app.config["PUBLIC_URL"]
    parts = urlsplit(public_url)
    if public_url == DEFAULT_PUBLIC_URL:
        yield Finding(
            "public-url",
            f"PORTAL_PUBLIC_URL is not set: mailed links would point at {DEFAULT_PUBLIC_URL}.",
            "Set it to the portal's https address, e.g. https://silta.example.fi.",
            refuses_start=True,
        )
    elif parts.scheme != "https":
        yield Finding(
            "public-url",
            f"PORTAL_PUBLIC_URL {public_url} is not https: links in mail would travel "
            "in the clear.",
            "Serve the portal over https and give its https address.",
            refuses_start=True,
        )
    trusted = app.config.get("TRUSTED_HOSTS")
    if not trusted:
        yield Finding(
            "trusted-hosts",
            "Requests for any host are answered.",
            "Set PORTAL_TRUSTED_HOSTS to the portal's host names (by default the host of "
            "PORTAL_PUBLIC_URL).",
            refuses_start=True,
        )
    elif parts.hostname and not host_is_trusted(parts.hostname, trusted):
        yield Finding(
            "trusted-hosts",
            f"The host of PORTAL_PUBLIC_URL, {parts.hostname}, is not in PORTAL_TRUSTED_HOSTS: "
            "the links in mail would be refused.",
            "Add it to PORTAL_TRUSTED_HOSTS.",
        )


def _mail(app: Flask) -> Iterable[Finding]:
    config = app.config
    if config["MAIL_BACKEND"] == "log":
        yield Finding(
            "mail-log",
            "PORTAL_MAIL_BACKEND=log writes mail, with its sign-in links, into the log "
            "and sends nothing.",
            "Set PORTAL_MAIL_BACKEND=smtp and the mail server.",
            refuses_start=True,
        )
    elif config["MAIL_SECURITY"] == "none" and not is_loopback(config["MAIL_SERVER"]):
        yield Finding(
            "mail-plain",
            f"Mail goes to {config['MAIL_SERVER']} in the clear (PORTAL_MAIL_SECURITY=none).",
            "Set PORTAL_MAIL_SECURITY=starttls (port 587) or ssl (port 465); a relay on this "
            "machine (localhost) may be spoken to in the clear.",
            refuses_start=True,
        )


def _sessions(app: Flask) -> Iterable[Finding]:
    config = app.config
    if not config.get("SESSION_COOKIE_SECURE") or not config.get("SESSION_COOKIE_HTTPONLY"):
        yield Finding(
            "insecure-cookies",
            "The session cookie lacks Secure or HttpOnly: it could travel over http or "
            "be read by scripts.",
            "Unset PORTAL_SECURE_COOKIES (production marks cookies Secure) and serve over https.",
            refuses_start=True,
        )
    if not config.get("REQUIRE_SECOND_STEP", True):
        yield Finding(
            "second-step-off",
            "Two-step verification is not required: a guessed or phished password alone opens "
            "an administrator's or a coordinator's account.",
            "Unset PORTAL_REQUIRE_SECOND_STEP (production requires it) or set it to 1.",
        )
    if str(config.get("RATELIMIT_STORAGE_URI", "")).startswith("memory://"):
        yield Finding(
            "ratelimit-memory",
            "The bound on how often refusals are written to the audit log is kept in each "
            "process's memory (memory://): every worker and server keeps its own.",
            "Set PORTAL_RATELIMIT_STORAGE_URI=redis://… shared by every server.",
        )


def _storage(app: Flask) -> Iterable[Finding]:
    key_file = app.config.get("STORAGE_KEY_FILE")
    if not key_file:
        return
    key = Path(key_file).resolve()
    development_key = key == (Path(app.instance_path) / "storage_key").resolve()
    # With object storage the directory holds nothing, so nothing can lie beside it.
    storage = Path(app.config["STORAGE_DIR"]).resolve()
    beside = not app.config.get("STORAGE_URL") and (
        key.is_relative_to(storage) or key.parent == storage.parent
    )
    if development_key or beside:
        yield Finding(
            "storage-key",
            f"The key that encrypts the documents is read from {key}, "
            + ("beside the files it protects." if beside else "the development key file."),
            "Set PORTAL_STORAGE_KEY (or PORTAL_STORAGE_KEY_FILE) from a place the documents' "
            "backups do not reach, such as the service manager's credentials.",
        )


def _object_storage(app: Flask) -> Iterable[Finding]:
    config = app.config
    if not config.get("STORAGE_URL"):
        return
    endpoint = config.get("S3_ENDPOINT_URL")
    parts = urlsplit(endpoint or "")
    if parts.scheme == "http" and not is_loopback(parts.hostname or ""):
        yield Finding(
            "s3-plain",
            f"Documents go to {endpoint} over http: encrypted, but anyone on the way can "
            "delete them or read which exist.",
            "Give PORTAL_S3_ENDPOINT_URL an https address; an S3 server on this machine "
            "(localhost) may be spoken to over http.",
        )
    # Imported here: boto3 is loaded only by installations that store documents in S3.
    import boto3

    # The chain boto3 follows: the environment, the shared files, an instance's role.
    if boto3.session.Session().get_credentials() is None:
        yield Finding(
            "s3-credentials",
            f"No credentials for {config['STORAGE_URL']} were found: no upload or download "
            "would work.",
            "Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or a profile or an instance "
            "role) for the portal's servers and workers.",
            refuses_start=True,
        )


def _several_servers(app: Flask) -> Iterable[Finding]:
    uri = str(app.config["SQLALCHEMY_DATABASE_URI"])
    if uri.startswith("sqlite") and app.config.get("SERVERS", 1) > 1:
        yield Finding(
            "sqlite-several-servers",
            f"PORTAL_SERVERS={app.config['SERVERS']} servers would share one SQLite file, "
            "which locks and corrupts over network file systems.",
            "Use PostgreSQL: DATABASE_URL=postgresql://….",
        )


def _metrics(app: Flask) -> Iterable[Finding]:
    networks = [ipaddress.ip_network(n, strict=False) for n in app.config["METRICS_ALLOWED"]]
    if any(network.prefixlen == 0 for network in networks):
        yield Finding(
            "metrics-public",
            "PORTAL_METRICS_ALLOWED lets every address read /metrics and the health checks' "
            "details (the portal's activity, its version).",
            "List only the monitoring servers' networks, e.g. PORTAL_METRICS_ALLOWED=10.0.5.0/24.",
        )
