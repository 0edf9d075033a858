"""Settings, read from the environment (``PORTAL_*`` and ``DATABASE_URL``).

Development needs no settings at all: the database and the secret key live in
``instance/``. Production (``PORTAL_ENV=production``) refuses to start without a
secret key of its own and serves cookies only over HTTPS.
"""

from __future__ import annotations

import ipaddress
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from portal.config.environment import ConfigError as ConfigError
from portal.config.environment import env, env_bool, env_int
from portal.config.storage import BucketLocation as BucketLocation
from portal.config.storage import parse_storage_url as parse_storage_url
from portal.config.storage import s3_settings, storage_key, storage_key_file, storage_url

LANGUAGES = ("fi", "sv", "en")

# The development server's address: fine on a laptop, never the address of a deployment.
DEFAULT_PUBLIC_URL = "http://127.0.0.1:5000"
# How mail reaches the SMTP server: STARTTLS, implicit TLS ("ssl", port 465) or in the clear.
MAIL_SECURITY_CHOICES = ("starttls", "ssl", "none")


def _digest_hour() -> int:
    hour = env_int("PORTAL_DIGEST_HOUR", 16)
    if not 0 <= hour <= 23:
        raise ConfigError("PORTAL_DIGEST_HOUR must be an hour from 0 to 23")
    return hour


def _public_url() -> str:
    url = (env("PORTAL_PUBLIC_URL", DEFAULT_PUBLIC_URL) or "").strip().rstrip("/")
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
    value = env("PORTAL_TRUSTED_HOSTS")
    if value is not None:
        return [host.strip().lower() for host in value.split(",") if host.strip()]
    public_host = urlsplit(public_url).hostname or ""
    hosts = [public_host] if production else [public_host, "localhost", "127.0.0.1"]
    return list(dict.fromkeys(hosts))


def _mail_security(port: int) -> str:
    value = env("PORTAL_MAIL_SECURITY")
    if value is None:
        # PORTAL_MAIL_USE_TLS is the older name of starttls, kept for existing installations.
        if port == 465:
            return "ssl"
        return "starttls" if env_bool("PORTAL_MAIL_USE_TLS", False) else "none"
    value = value.strip().lower()
    if value not in MAIL_SECURITY_CHOICES:
        raise ConfigError("PORTAL_MAIL_SECURITY must be one of " + ", ".join(MAIL_SECURITY_CHOICES))
    return value


LOG_FORMATS = ("json", "text")


def _log_format(production: bool) -> str:
    """One JSON object a line for the log platform in production; plain lines to read in
    development."""
    value = (env("PORTAL_LOG_FORMAT", "json" if production else "text") or "").strip().lower()
    if value not in LOG_FORMATS:
        raise ConfigError("PORTAL_LOG_FORMAT must be one of " + ", ".join(LOG_FORMATS))
    return value


def _metrics_allowed() -> list[str]:
    """The networks from which /metrics and the health checks' details may be read."""
    value = env("PORTAL_METRICS_ALLOWED", "127.0.0.1/32,::1/128") or ""
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
    name = env("PORTAL_ENV", "development")
    if name not in {"development", "production"}:
        raise ConfigError("PORTAL_ENV must be 'development' or 'production'")
    return name == "production"


def _secrets(instance_path: Path, production: bool) -> dict[str, Any]:
    """The environment and the keys that sign cookies and chain the audit trail."""
    secret_key = env("PORTAL_SECRET_KEY")
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
        "AUDIT_KEY": env("PORTAL_AUDIT_KEY", ""),
    }


def _database(instance_path: Path) -> dict[str, Any]:
    database_url = env("DATABASE_URL", f"sqlite:///{instance_path / 'portal.sqlite3'}")
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
    secure_cookies = env_bool("PORTAL_SECURE_COOKIES", production)
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
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=env_int("PORTAL_SESSION_HOURS", 10)),
        "SESSION_MAX_LIFETIME": timedelta(hours=env_int("PORTAL_SESSION_MAX_HOURS", 12)),
        # People leave intranet pages open all day; the token lives as long as the session.
        "WTF_CSRF_TIME_LIMIT": None,
        "WTF_CSRF_SSL_STRICT": production,
    }


def _passwords() -> dict[str, Any]:
    """Passwords, the links sent by e-mail, and confirming who one is again."""
    return {
        # A length, not a password.
        "PASSWORD_MIN_LENGTH": 12,  # nosec B105
        "PASSWORD_RESET_MAX_AGE": timedelta(minutes=env_int("PORTAL_PASSWORD_RESET_MINUTES", 60)),
        "INVITATION_MAX_AGE": timedelta(days=env_int("PORTAL_INVITATION_DAYS", 7)),
        # A secret-by-law document, signing an agreement and the administrator's changes to
        # people ask the person to confirm who they are when their last sign-in or
        # confirmation in this browser is older than this.
        "STEP_UP_MAX_AGE": timedelta(minutes=env_int("PORTAL_STEP_UP_MINUTES", 10)),
        "ARGON2_PARAMETERS": {},
    }


def _throttling() -> dict[str, Any]:
    return {
        # Flask-Limiter's storage: memory in one process, Redis when several servers run.
        "RATELIMIT_STORAGE_URI": env("PORTAL_RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": False,
        # Throttling of sign-ins, wrong current passwords and reset requests (counted in the
        # database, shared by every server): after the free failures of an account from one
        # address (or of one address), each further one doubles the wait from the first wait
        # up to the longest; counts are forgotten after a quiet period. The owner from an
        # address without failures is never refused.
        "THROTTLE_FREE_ATTEMPTS": env_int("PORTAL_THROTTLE_FREE_ATTEMPTS", 5),
        "THROTTLE_FREE_ATTEMPTS_PER_ADDRESS": env_int(
            "PORTAL_THROTTLE_FREE_ATTEMPTS_PER_ADDRESS", 20
        ),
        "THROTTLE_FIRST_WAIT": timedelta(seconds=env_int("PORTAL_THROTTLE_FIRST_WAIT_SECONDS", 30)),
        "THROTTLE_LONGEST_WAIT": timedelta(
            minutes=env_int("PORTAL_THROTTLE_LONGEST_WAIT_MINUTES", 15)
        ),
        "THROTTLE_FORGET_AFTER": timedelta(hours=env_int("PORTAL_THROTTLE_FORGET_HOURS", 24)),
        # After a reset mail, the next one to the same account waits this long, then doubling;
        # the page answers the same either way.
        "PASSWORD_RESET_MAIL_INTERVAL": timedelta(
            minutes=env_int("PORTAL_PASSWORD_RESET_MAIL_MINUTES", 5)
        ),
    }


def _second_step(production: bool) -> dict[str, Any]:
    """Two-step verification: required of administrators, coordinators and the people of
    parties that hold documents secret by law (on by default in production). A right password
    waits this many minutes for its second step."""
    return {
        "REQUIRE_SECOND_STEP": env_bool("PORTAL_REQUIRE_SECOND_STEP", production),
        "SECOND_STEP_PENDING_MINUTES": env_int("PORTAL_SECOND_STEP_PENDING_MINUTES", 5),
    }


def _mail(production: bool) -> dict[str, Any]:
    mail_port = env_int("PORTAL_MAIL_PORT", 25)
    return {
        # "log" writes messages to the application log (development), "smtp" sends them.
        "MAIL_BACKEND": env("PORTAL_MAIL_BACKEND", "smtp" if production else "log"),
        "MAIL_SERVER": env("PORTAL_MAIL_SERVER", "localhost"),
        "MAIL_PORT": mail_port,
        # The server's certificate is always verified, against the system's CAs or, for a
        # private CA, against MAIL_CA_FILE alone.
        "MAIL_SECURITY": _mail_security(mail_port),
        "MAIL_CA_FILE": env("PORTAL_MAIL_CA_FILE"),
        "MAIL_USERNAME": env("PORTAL_MAIL_USERNAME"),
        "MAIL_PASSWORD": env("PORTAL_MAIL_PASSWORD"),
        "MAIL_SENDER": env("PORTAL_MAIL_SENDER", "Silta <silta@localhost>"),
        "MAIL_TIMEOUT": env_int("PORTAL_MAIL_TIMEOUT", 10),
    }


def _addresses(public_url: str, production: bool) -> dict[str, Any]:
    """Where the portal is, and what stands between it and the browser."""
    return {
        # Every link that leaves the browser (mail, calendar files and feeds) is built from the
        # public address, never from the request's Host header, which the client chooses.
        "PUBLIC_URL": public_url,
        # Flask answers 400 to a request for any other host.
        "TRUSTED_HOSTS": _trusted_hosts(public_url, production),
        "TRUSTED_PROXIES": env_int("PORTAL_TRUSTED_PROXIES", 0),
        # How many application servers (machines) share the database and the documents; the
        # deployment check cannot see it otherwise.
        "SERVERS": env_int("PORTAL_SERVERS", 1),
    }


def _background_work() -> dict[str, Any]:
    return {
        # The outbox worker: how often it looks for mail, how long a claim on a message lasts
        # (longer than sending one takes), and the retries: the first after RETRY_SECONDS,
        # each next one twice as late (at most an hour), until MAX_ATTEMPTS.
        "OUTBOX_POLL_SECONDS": env_int("PORTAL_OUTBOX_POLL_SECONDS", 5),
        "OUTBOX_LEASE_SECONDS": env_int("PORTAL_OUTBOX_LEASE_SECONDS", 300),
        "OUTBOX_RETRY_SECONDS": env_int("PORTAL_OUTBOX_RETRY_SECONDS", 60),
        "OUTBOX_MAX_ATTEMPTS": env_int("PORTAL_OUTBOX_MAX_ATTEMPTS", 20),
        # The daily digest goes out at this hour, Helsinki time.
        "DIGEST_HOUR": _digest_hour(),
    }


def _pages() -> dict[str, Any]:
    """Languages, lists and forms."""
    return {
        "BABEL_DEFAULT_LOCALE": "fi",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Helsinki",
        "LANGUAGES": LANGUAGES,
        "PAGE_SIZE": env_int("PORTAL_PAGE_SIZE", 25),
        "MAX_CONTENT_LENGTH": env_int("PORTAL_MAX_UPLOAD_MB", 50) * 1024 * 1024,
        # A learning-environment report older than this is marked as due for review.
        "CATALOGUE_REVIEW_MONTHS": env_int("PORTAL_CATALOGUE_REVIEW_MONTHS", 24),
    }


def _documents(instance_path: Path, production: bool) -> dict[str, Any]:
    """Documents: stored encrypted in a directory, or in S3-compatible object storage when
    STORAGE_URL is set; kept this many days after deletion."""
    return {
        "STORAGE_DIR": env("PORTAL_STORAGE_DIR", str(instance_path / "documents")),
        "STORAGE_URL": storage_url(),
        **s3_settings(),
        "STORAGE_KEY": storage_key(instance_path, production),
        # Where the key came from, so the deployment check can tell a key kept beside the files.
        "STORAGE_KEY_FILE": storage_key_file(instance_path),
        "DOCUMENT_RETENTION_DAYS": env_int("PORTAL_DOCUMENT_RETENTION_DAYS", 30),
        # A confidential or secret PDF is rewritten with its stamp on download, in memory
        # that grows with the PDF: larger ones are refused at upload (documents/stamp.py).
        "STAMP_MAX_MB": env_int("PORTAL_STAMP_MAX_MB", 20),
    }


def _bench(production: bool) -> bool:
    bench = env_bool("PORTAL_BENCH", False)
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
        "READY_MAIL_MINUTES": env_int("PORTAL_READY_MAIL_MINUTES", 15),
        # `make bench`: every response says how many SQL statements it ran (X-Statement-Count).
        "BENCH": bench,
    }
