"""Settings, read from the environment (``PORTAL_*`` and ``DATABASE_URL``).

Development needs no settings at all: the database and the secret key live in
``instance/``. Production (``PORTAL_ENV=production``) refuses to start without a
secret key of its own and serves cookies only over HTTPS.
"""

from __future__ import annotations

import base64
import binascii
import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

LANGUAGES = ("fi", "sv", "en")


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


def _storage_key(instance_path: Path, production: bool) -> bytes:
    """The master key that encrypts stored documents: base64 of 32 random bytes.

    Development creates one in ``instance/`` once; production must be given its own, kept
    apart from the files it protects.
    """
    value = _env("PORTAL_STORAGE_KEY")
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


def load(instance_path: Path) -> dict[str, Any]:
    """Build the Flask configuration from the environment."""
    env = _env("PORTAL_ENV", "development")
    if env not in {"development", "production"}:
        raise ConfigError("PORTAL_ENV must be 'development' or 'production'")
    production = env == "production"

    secret_key = _env("PORTAL_SECRET_KEY")
    if secret_key is None:
        if production:
            raise ConfigError("PORTAL_SECRET_KEY must be set in production")
        secret_key = _dev_secret_key(instance_path)

    database_url = _env("DATABASE_URL", f"sqlite:///{instance_path / 'portal.sqlite3'}")
    assert database_url is not None

    return {
        "PORTAL_ENV": env,
        "SECRET_KEY": secret_key,
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(database_url),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        # Sessions: the cookie carries a key of a server-side session row, so that signing
        # out or changing the password really ends it.
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _env_bool("PORTAL_SECURE_COOKIES", production),
        "SESSION_COOKIE_NAME": "silta_session",
        "REMEMBER_COOKIE_DURATION": timedelta(0),
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=_env_int("PORTAL_SESSION_HOURS", 10)),
        # People leave intranet pages open all day; the token lives as long as the session.
        "WTF_CSRF_TIME_LIMIT": None,
        "WTF_CSRF_SSL_STRICT": production,
        # Passwords and links sent by e-mail.
        "PASSWORD_MIN_LENGTH": 12,
        "PASSWORD_RESET_MAX_AGE": timedelta(minutes=_env_int("PORTAL_PASSWORD_RESET_MINUTES", 60)),
        "INVITATION_MAX_AGE": timedelta(days=_env_int("PORTAL_INVITATION_DAYS", 7)),
        "ARGON2_PARAMETERS": {},
        # Sign-in throttling: memory in one process, Redis when several servers run.
        "RATELIMIT_STORAGE_URI": _env("PORTAL_RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": False,
        "LOGIN_LIMIT_PER_ADDRESS": _env("PORTAL_LOGIN_LIMIT_PER_ADDRESS", "20 per 10 minutes"),
        "LOGIN_LIMIT_PER_ACCOUNT": _env("PORTAL_LOGIN_LIMIT_PER_ACCOUNT", "5 per 10 minutes"),
        # Mail: "log" writes messages to the application log (development), "smtp" sends them.
        "MAIL_BACKEND": _env("PORTAL_MAIL_BACKEND", "smtp" if production else "log"),
        "MAIL_SERVER": _env("PORTAL_MAIL_SERVER", "localhost"),
        "MAIL_PORT": _env_int("PORTAL_MAIL_PORT", 25),
        "MAIL_USE_TLS": _env_bool("PORTAL_MAIL_USE_TLS", False),
        "MAIL_USERNAME": _env("PORTAL_MAIL_USERNAME"),
        "MAIL_PASSWORD": _env("PORTAL_MAIL_PASSWORD"),
        "MAIL_SENDER": _env("PORTAL_MAIL_SENDER", "Silta <silta@localhost>"),
        "MAIL_TIMEOUT": _env_int("PORTAL_MAIL_TIMEOUT", 10),
        # Links in e-mail need the public address; inside a request the request's own is used.
        "PUBLIC_URL": _env("PORTAL_PUBLIC_URL", "http://127.0.0.1:5000"),
        # The outbox worker: how often it looks for mail, how long a claim on a message lasts
        # (longer than sending one takes), and the retries: the first after RETRY_SECONDS,
        # each next one twice as late (at most an hour), until MAX_ATTEMPTS.
        "OUTBOX_POLL_SECONDS": _env_int("PORTAL_OUTBOX_POLL_SECONDS", 5),
        "OUTBOX_LEASE_SECONDS": _env_int("PORTAL_OUTBOX_LEASE_SECONDS", 300),
        "OUTBOX_RETRY_SECONDS": _env_int("PORTAL_OUTBOX_RETRY_SECONDS", 60),
        "OUTBOX_MAX_ATTEMPTS": _env_int("PORTAL_OUTBOX_MAX_ATTEMPTS", 20),
        # The daily digest goes out at this hour, Helsinki time.
        "DIGEST_HOUR": _digest_hour(),
        "BABEL_DEFAULT_LOCALE": "fi",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Helsinki",
        "LANGUAGES": LANGUAGES,
        "PAGE_SIZE": _env_int("PORTAL_PAGE_SIZE", 25),
        "MAX_CONTENT_LENGTH": _env_int("PORTAL_MAX_UPLOAD_MB", 50) * 1024 * 1024,
        "TRUSTED_PROXIES": _env_int("PORTAL_TRUSTED_PROXIES", 0),
        # A learning-environment report older than this is marked as due for review.
        "CATALOGUE_REVIEW_MONTHS": _env_int("PORTAL_CATALOGUE_REVIEW_MONTHS", 24),
        # Documents: stored encrypted in a directory, kept this many days after deletion.
        "STORAGE_DIR": _env("PORTAL_STORAGE_DIR", str(instance_path / "documents")),
        "STORAGE_KEY": _storage_key(instance_path, production),
        "DOCUMENT_RETENTION_DAYS": _env_int("PORTAL_DOCUMENT_RETENTION_DAYS", 30),
        # A confidential or secret PDF is rewritten with its stamp on download, in memory
        # that grows with the PDF: larger ones are refused at upload (documents/stamp.py).
        "STAMP_MAX_MB": _env_int("PORTAL_STAMP_MAX_MB", 20),
    }
