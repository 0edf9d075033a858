"""Settings, read from the environment (``PORTAL_*`` and ``DATABASE_URL``).

Development needs no settings at all: the database and the secret key live in
``instance/``. Production (``PORTAL_ENV=production``) refuses to start without a
secret key of its own and serves cookies only over HTTPS.
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import os
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

LANGUAGES = ("fi", "sv", "en")

# The development server's address: fine on a laptop, never the address of a deployment.
DEFAULT_PUBLIC_URL = "http://127.0.0.1:5000"
# How mail reaches the SMTP server: STARTTLS, implicit TLS ("ssl", port 465) or in the clear.
MAIL_SECURITY_CHOICES = ("starttls", "ssl", "none")


class ConfigError(RuntimeError):
    """A setting is missing or malformed."""


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def _env_bool(name: str, default: bool) -> bool:
    value = _env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_int(name: str, default: int) -> int:
    value = _env(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a whole number, not {value!r}") from exc


def _digest_hour() -> int:
    hour = _env_int("PORTAL_DIGEST_HOUR", 16)
    if not 0 <= hour <= 23:
        raise ConfigError("PORTAL_DIGEST_HOUR must be an hour from 0 to 23")
    return hour


def _public_url() -> str:
    url = (_env("PORTAL_PUBLIC_URL", DEFAULT_PUBLIC_URL) or "").strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname or parts.query or parts.fragment:
        raise ConfigError(
            "PORTAL_PUBLIC_URL must be the portal's address, such as https://silta.example.fi"
        )
    return url


def _trusted_hosts(public_url: str, production: bool) -> list[str]:
    """The Host names the portal answers to; any other is refused with 400.

    By default only the public address's host, so a forged Host header can never steer a
    link; development also answers on the loopback names.
    """
    value = _env("PORTAL_TRUSTED_HOSTS")
    if value is not None:
        return [host.strip().lower() for host in value.split(",") if host.strip()]
    public_host = urlsplit(public_url).hostname or ""
    hosts = [public_host] if production else [public_host, "localhost", "127.0.0.1"]
    return list(dict.fromkeys(hosts))


def _mail_security(port: int) -> str:
    value = _env("PORTAL_MAIL_SECURITY")
    if value is None:
        # PORTAL_MAIL_USE_TLS is the older name of starttls, kept for existing installations.
        if port == 465:
            return "ssl"
        return "starttls" if _env_bool("PORTAL_MAIL_USE_TLS", False) else "none"
    value = value.strip().lower()
    if value not in MAIL_SECURITY_CHOICES:
        raise ConfigError("PORTAL_MAIL_SECURITY must be one of " + ", ".join(MAIL_SECURITY_CHOICES))
    return value


LOG_FORMATS = ("json", "text")


def _log_format(production: bool) -> str:
    """One JSON object a line for the log platform in production; plain lines to read in
    development."""
    value = (_env("PORTAL_LOG_FORMAT", "json" if production else "text") or "").strip().lower()
    if value not in LOG_FORMATS:
        raise ConfigError("PORTAL_LOG_FORMAT must be one of " + ", ".join(LOG_FORMATS))
    return value


def _metrics_allowed() -> list[str]:
    """The networks from which /metrics and the health checks' details may be read."""
    value = _env("PORTAL_METRICS_ALLOWED", "127.0.0.1/32,::1/128") or ""
    networks = [part.strip() for part in value.split(",") if part.strip()]
    for network in networks:
        try:
            ipaddress.ip_network(network, strict=False)
        except ValueError as exc:
            raise ConfigError(
                f"PORTAL_METRICS_ALLOWED must be addresses or networks (CIDR), not {network!r}"
            ) from exc
    return networks


def normalise_database_url(url: str) -> str:
    """Use the psycopg 3 driver for every PostgreSQL URL; hosting platforms hand out plain ones."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _dev_secret_key(instance_path: Path) -> str:
    """Create a secret key once for this checkout, so sessions survive restarts in development."""
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(48))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _storage_key_file(instance_path: Path) -> str | None:
    """The file the storage key is read from; None when the environment holds the key itself."""
    if _env("PORTAL_STORAGE_KEY") is not None:
        return None
    return _env("PORTAL_STORAGE_KEY_FILE", str(instance_path / "storage_key"))


def _storage_key(instance_path: Path, production: bool) -> bytes:
    """The master key that encrypts stored documents: base64 of 32 random bytes.

    Development creates one in ``instance/`` once; production must be given its own, kept
    apart from the files it protects.
    """
    value = _env("PORTAL_STORAGE_KEY")
    given_file = _env("PORTAL_STORAGE_KEY_FILE")
    if value is None and given_file is not None:
        try:
            value = Path(given_file).read_text().strip()
        except OSError as exc:
            raise ConfigError(f"PORTAL_STORAGE_KEY_FILE cannot be read: {exc}") from exc
    if value is None:
        if production:
            raise ConfigError("PORTAL_STORAGE_KEY must be set in production")
        key_file = instance_path / "storage_key"
        if not key_file.exists():
            instance_path.mkdir(parents=True, exist_ok=True)
            key_file.write_text(base64.b64encode(secrets.token_bytes(32)).decode())
            key_file.chmod(0o600)
        value = key_file.read_text().strip()
    try:
        key = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ConfigError("PORTAL_STORAGE_KEY must be base64") from exc
    if len(key) != 32:
        raise ConfigError("PORTAL_STORAGE_KEY must be 32 bytes (44 characters of base64)")
    return key


S3_ADDRESSING_STYLES = ("auto", "path", "virtual")
# Bucket names as S3 allows them (lower case, digits, dots and hyphens).
_BUCKET = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")


@dataclass(frozen=True)
class BucketLocation:
    bucket: str
    # Empty, or ending with "/": every key the portal writes begins with it.
    prefix: str


def parse_storage_url(url: str) -> BucketLocation:
    """``s3://bucket`` or ``s3://bucket/prefix``; ValueError for anything else."""
    parts = urlsplit(url)
    if parts.scheme != "s3" or parts.query or parts.fragment:
        raise ValueError("not an s3://bucket/prefix address")
    # The netloc as written: hostname would lower-case it, and S3 names are case-sensitive.
    bucket = parts.netloc
    if not _BUCKET.match(bucket) or ".." in bucket:
        raise ValueError("not a valid bucket name")
    prefix = parts.path.strip("/")
    if prefix and (not re.match(r"^[A-Za-z0-9._/-]+$", prefix) or "//" in prefix or ".." in prefix):
        raise ValueError("the prefix may hold only letters, digits, '.', '_', '-' and '/'")
    return BucketLocation(bucket, f"{prefix}/" if prefix else "")


def _storage_url() -> str | None:
    """Where documents are stored when not in a directory: ``s3://bucket/prefix``."""
    url = _env("PORTAL_STORAGE_URL")
    if url is None:
        return None
    try:
        parse_storage_url(url.strip())
    except ValueError as exc:
        raise ConfigError(
            f"PORTAL_STORAGE_URL must be s3://bucket or s3://bucket/prefix ({exc})"
        ) from exc
    return url.strip()


def _s3_settings() -> dict[str, Any]:
    endpoint = _env("PORTAL_S3_ENDPOINT_URL")
    if endpoint is not None:
        parts = urlsplit(endpoint)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise ConfigError(
                "PORTAL_S3_ENDPOINT_URL must be the S3 server's address, "
                "such as https://s3.example.fi"
            )
    style = (_env("PORTAL_S3_ADDRESSING_STYLE", "auto") or "").strip().lower()
    if style not in S3_ADDRESSING_STYLES:
        raise ConfigError(
            "PORTAL_S3_ADDRESSING_STYLE must be one of " + ", ".join(S3_ADDRESSING_STYLES)
        )
    part_mb = _env_int("PORTAL_S3_PART_MB", 8)
    if not 5 <= part_mb <= 5 * 1024:
        raise ConfigError("PORTAL_S3_PART_MB must be from 5 to 5120 (S3's limits)")
    return {
        "S3_ENDPOINT_URL": endpoint,
        # Unset, boto3's own: AWS_REGION or AWS_DEFAULT_REGION, or the profile's.
        "S3_REGION": _env("PORTAL_S3_REGION"),
        "S3_ADDRESSING_STYLE": style,
        "S3_PART_SIZE": part_mb * 1024 * 1024,
    }


def load(instance_path: Path) -> dict[str, Any]:
    """Build the Flask configuration from the environment, one group of settings at a time."""
    production = _production()
    secret_keys = _secrets(instance_path, production)
    bench = _bench(production)
    public_url = _public_url()
    return {
        **secret_keys,
        **_database(instance_path),
        **_sessions(production),
        **_passwords(),
        **_throttling(),
        **_second_step(production),
        **_mail(production),
        **_addresses(public_url, production),
        **_background_work(),
        **_pages(),
        **_documents(instance_path, production),
        **_operations(production, bench=bench),
    }


def _production() -> bool:
    env = _env("PORTAL_ENV", "development")
    if env not in {"development", "production"}:
        raise ConfigError("PORTAL_ENV must be 'development' or 'production'")
    return env == "production"


def _secrets(instance_path: Path, production: bool) -> dict[str, Any]:
    """The environment and the keys that sign cookies and chain the audit trail."""
    secret_key = _env("PORTAL_SECRET_KEY")
    if secret_key is None:
        if production:
            raise ConfigError("PORTAL_SECRET_KEY must be set in production")
        secret_key = _dev_secret_key(instance_path)
    return {
        "PORTAL_ENV": "production" if production else "development",
        "SECRET_KEY": secret_key,
        # The key of the audit trail's hash chains; kept out of the database so that whoever
        # can write to it cannot forge rows. Unset, it is derived from the secret key, which
        # then must not change either (older rows would no longer verify).
        "AUDIT_KEY": _env("PORTAL_AUDIT_KEY", ""),
    }


def _database(instance_path: Path) -> dict[str, Any]:
    database_url = _env("DATABASE_URL", f"sqlite:///{instance_path / 'portal.sqlite3'}")
    assert database_url is not None
    return {
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(database_url),
        # A failed statement's message leaves out its parameters: they may name a young person,
        # and the message goes to the log.
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, "hide_parameters": True},
    }


def _sessions(production: bool) -> dict[str, Any]:
    """Sessions: the cookie carries a key of a server-side session row, so that signing out or
    changing the password really ends it."""
    secure_cookies = _env_bool("PORTAL_SECURE_COOKIES", production)
    return {
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": secure_cookies,
        # The __Host- prefix makes browsers refuse the cookie unless it is secure, for path
        # "/" and without Domain, so a sibling subdomain cannot plant or widen it.
        "SESSION_COOKIE_NAME": "__Host-silta_session" if secure_cookies else "silta_session",
        "SESSION_COOKIE_PATH": "/",
        "SESSION_COOKIE_DOMAIN": None,
        "REMEMBER_COOKIE_DURATION": timedelta(0),
        # A session ends after this long without activity, and at the latest this long after
        # signing in however active it is.
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=_env_int("PORTAL_SESSION_HOURS", 10)),
        "SESSION_MAX_LIFETIME": timedelta(hours=_env_int("PORTAL_SESSION_MAX_HOURS", 12)),
        # People leave intranet pages open all day; the token lives as long as the session.
        "WTF_CSRF_TIME_LIMIT": None,
        "WTF_CSRF_SSL_STRICT": production,
    }


def _passwords() -> dict[str, Any]:
    """Passwords, the links sent by e-mail, and confirming who one is again."""
    return {
        # A length, not a password.
        "PASSWORD_MIN_LENGTH": 12,  # nosec B105
        "PASSWORD_RESET_MAX_AGE": timedelta(minutes=_env_int("PORTAL_PASSWORD_RESET_MINUTES", 60)),
        "INVITATION_MAX_AGE": timedelta(days=_env_int("PORTAL_INVITATION_DAYS", 7)),
        # A secret-by-law document, signing an agreement and the administrator's changes to
        # people ask the person to confirm who they are when their last sign-in or
        # confirmation in this browser is older than this.
        "STEP_UP_MAX_AGE": timedelta(minutes=_env_int("PORTAL_STEP_UP_MINUTES", 10)),
        "ARGON2_PARAMETERS": {},
    }


def _throttling() -> dict[str, Any]:
    return {
        # Flask-Limiter's storage: memory in one process, Redis when several servers run.
        "RATELIMIT_STORAGE_URI": _env("PORTAL_RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": False,
        # Throttling of sign-ins, wrong current passwords and reset requests (counted in the
        # database, shared by every server): after the free failures of an account from one
        # address (or of one address), each further one doubles the wait from the first wait
        # up to the longest; counts are forgotten after a quiet period. The owner from an
        # address without failures is never refused.
        "THROTTLE_FREE_ATTEMPTS": _env_int("PORTAL_THROTTLE_FREE_ATTEMPTS", 5),
        "THROTTLE_FREE_ATTEMPTS_PER_ADDRESS": _env_int(
            "PORTAL_THROTTLE_FREE_ATTEMPTS_PER_ADDRESS", 20
        ),
        "THROTTLE_FIRST_WAIT": timedelta(
            seconds=_env_int("PORTAL_THROTTLE_FIRST_WAIT_SECONDS", 30)
        ),
        "THROTTLE_LONGEST_WAIT": timedelta(
            minutes=_env_int("PORTAL_THROTTLE_LONGEST_WAIT_MINUTES", 15)
        ),
        "THROTTLE_FORGET_AFTER": timedelta(hours=_env_int("PORTAL_THROTTLE_FORGET_HOURS", 24)),
        # After a reset mail, the next one to the same account waits this long, then doubling;
        # the page answers the same either way.
        "PASSWORD_RESET_MAIL_INTERVAL": timedelta(
            minutes=_env_int("PORTAL_PASSWORD_RESET_MAIL_MINUTES", 5)
        ),
    }


def _second_step(production: bool) -> dict[str, Any]:
    """Two-step verification: required of administrators, coordinators and the people of
    parties that hold documents secret by law (on by default in production). A right password
    waits this many minutes for its second step."""
    return {
        "REQUIRE_SECOND_STEP": _env_bool("PORTAL_REQUIRE_SECOND_STEP", production),
        "SECOND_STEP_PENDING_MINUTES": _env_int("PORTAL_SECOND_STEP_PENDING_MINUTES", 5),
    }


def _mail(production: bool) -> dict[str, Any]:
    mail_port = _env_int("PORTAL_MAIL_PORT", 25)
    return {
        # "log" writes messages to the application log (development), "smtp" sends them.
        "MAIL_BACKEND": _env("PORTAL_MAIL_BACKEND", "smtp" if production else "log"),
        "MAIL_SERVER": _env("PORTAL_MAIL_SERVER", "localhost"),
        "MAIL_PORT": mail_port,
        # The server's certificate is always verified, against the system's CAs or, for a
        # private CA, against MAIL_CA_FILE alone.
        "MAIL_SECURITY": _mail_security(mail_port),
        "MAIL_CA_FILE": _env("PORTAL_MAIL_CA_FILE"),
        "MAIL_USERNAME": _env("PORTAL_MAIL_USERNAME"),
        "MAIL_PASSWORD": _env("PORTAL_MAIL_PASSWORD"),
        "MAIL_SENDER": _env("PORTAL_MAIL_SENDER", "Silta <silta@localhost>"),
        "MAIL_TIMEOUT": _env_int("PORTAL_MAIL_TIMEOUT", 10),
    }


def _addresses(public_url: str, production: bool) -> dict[str, Any]:
    """Where the portal is, and what stands between it and the browser."""
    return {
        # Every link that leaves the browser (mail, calendar files and feeds) is built from the
        # public address, never from the request's Host header, which the client chooses.
        "PUBLIC_URL": public_url,
        # Flask answers 400 to a request for any other host.
        "TRUSTED_HOSTS": _trusted_hosts(public_url, production),
        "TRUSTED_PROXIES": _env_int("PORTAL_TRUSTED_PROXIES", 0),
        # How many application servers (machines) share the database and the documents; the
        # deployment check cannot see it otherwise.
        "SERVERS": _env_int("PORTAL_SERVERS", 1),
    }


def _background_work() -> dict[str, Any]:
    return {
        # The outbox worker: how often it looks for mail, how long a claim on a message lasts
        # (longer than sending one takes), and the retries: the first after RETRY_SECONDS,
        # each next one twice as late (at most an hour), until MAX_ATTEMPTS.
        "OUTBOX_POLL_SECONDS": _env_int("PORTAL_OUTBOX_POLL_SECONDS", 5),
        "OUTBOX_LEASE_SECONDS": _env_int("PORTAL_OUTBOX_LEASE_SECONDS", 300),
        "OUTBOX_RETRY_SECONDS": _env_int("PORTAL_OUTBOX_RETRY_SECONDS", 60),
        "OUTBOX_MAX_ATTEMPTS": _env_int("PORTAL_OUTBOX_MAX_ATTEMPTS", 20),
        # The daily digest goes out at this hour, Helsinki time.
        "DIGEST_HOUR": _digest_hour(),
    }


def _pages() -> dict[str, Any]:
    """Languages, lists and forms."""
    return {
        "BABEL_DEFAULT_LOCALE": "fi",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Helsinki",
        "LANGUAGES": LANGUAGES,
        "PAGE_SIZE": _env_int("PORTAL_PAGE_SIZE", 25),
        "MAX_CONTENT_LENGTH": _env_int("PORTAL_MAX_UPLOAD_MB", 50) * 1024 * 1024,
        # A learning-environment report older than this is marked as due for review.
        "CATALOGUE_REVIEW_MONTHS": _env_int("PORTAL_CATALOGUE_REVIEW_MONTHS", 24),
    }


def _documents(instance_path: Path, production: bool) -> dict[str, Any]:
    """Documents: stored encrypted in a directory, or in S3-compatible object storage when
    STORAGE_URL is set; kept this many days after deletion."""
    return {
        "STORAGE_DIR": _env("PORTAL_STORAGE_DIR", str(instance_path / "documents")),
        "STORAGE_URL": _storage_url(),
        **_s3_settings(),
        "STORAGE_KEY": _storage_key(instance_path, production),
        # Where the key came from, so the deployment check can tell a key kept beside the files.
        "STORAGE_KEY_FILE": _storage_key_file(instance_path),
        "DOCUMENT_RETENTION_DAYS": _env_int("PORTAL_DOCUMENT_RETENTION_DAYS", 30),
        # A confidential or secret PDF is rewritten with its stamp on download, in memory
        # that grows with the PDF: larger ones are refused at upload (documents/stamp.py).
        "STAMP_MAX_MB": _env_int("PORTAL_STAMP_MAX_MB", 20),
    }


def _bench(production: bool) -> bool:
    bench = _env_bool("PORTAL_BENCH", False)
    if bench and production:
        # Bench mode tells every client how much work each page costs the database.
        raise ConfigError("PORTAL_BENCH is for measuring, never for production")
    return bench


def _operations(production: bool, *, bench: bool) -> dict[str, Any]:
    """Logs, metrics, readiness and measuring."""
    return {
        # Logs: "json" (one object a line, for the log platform) or "text" (development).
        "LOG_FORMAT": _log_format(production),
        # Who may read /metrics and the details of /healthz and /readyz (CIDR networks, as
        # the client address is seen after PORTAL_TRUSTED_PROXIES); others get 404.
        "METRICS_ALLOWED": _metrics_allowed(),
        # /readyz fails when mail has waited this long past its due time while the outbox
        # worker has not run for as long either.
        "READY_MAIL_MINUTES": _env_int("PORTAL_READY_MAIL_MINUTES", 15),
        # `make bench`: every response says how many SQL statements it ran (X-Statement-Count).
        "BENCH": bench,
    }
