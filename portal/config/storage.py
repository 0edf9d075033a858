"""Where the documents are stored and the key that encrypts them: a directory with a key of
its own in development, an S3 bucket and a key given by the operator in production."""

from __future__ import annotations

import base64
import binascii
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from portal.config.environment import ConfigError, env, env_int


def storage_key_file(instance_path: Path) -> str | None:
    """The file the storage key is read from; None when the environment holds the key itself."""
    if env("PORTAL_STORAGE_KEY") is not None:
        return None
    return env("PORTAL_STORAGE_KEY_FILE", str(instance_path / "storage_key"))


def storage_key(instance_path: Path, production: bool) -> bytes:
    """The master key that encrypts stored documents: base64 of 32 random bytes.

    Development creates one in ``instance/`` once; production must be given its own, kept
    apart from the files it protects.
    """
    value = env("PORTAL_STORAGE_KEY")
    given_file = env("PORTAL_STORAGE_KEY_FILE")
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


def storage_url() -> str | None:
    """Where documents are stored when not in a directory: ``s3://bucket/prefix``."""
    url = env("PORTAL_STORAGE_URL")
    if url is None:
        return None
    try:
        parse_storage_url(url.strip())
    except ValueError as exc:
        raise ConfigError(
            f"PORTAL_STORAGE_URL must be s3://bucket or s3://bucket/prefix ({exc})"
        ) from exc
    return url.strip()


def s3_settings() -> dict[str, Any]:
    endpoint = env("PORTAL_S3_ENDPOINT_URL")
    if endpoint is not None:
        parts = urlsplit(endpoint)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise ConfigError(
                "PORTAL_S3_ENDPOINT_URL must be the S3 server's address, "
                "such as https://s3.example.fi"
            )
    style = (env("PORTAL_S3_ADDRESSING_STYLE", "auto") or "").strip().lower()
    if style not in S3_ADDRESSING_STYLES:
        raise ConfigError(
            "PORTAL_S3_ADDRESSING_STYLE must be one of " + ", ".join(S3_ADDRESSING_STYLES)
        )
    part_mb = env_int("PORTAL_S3_PART_MB", 8)
    if not 5 <= part_mb <= 5 * 1024:
        raise ConfigError("PORTAL_S3_PART_MB must be from 5 to 5120 (S3's limits)")
    return {
        "S3_ENDPOINT_URL": endpoint,
        # Unset, boto3's own: AWS_REGION or AWS_DEFAULT_REGION, or the profile's.
        "S3_REGION": env("PORTAL_S3_REGION"),
        "S3_ADDRESSING_STYLE": style,
        "S3_PART_SIZE": part_mb * 1024 * 1024,
    }
