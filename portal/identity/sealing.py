"""The client secrets of identity providers, sealed at rest.

AES-256-GCM under a key derived from the portal's storage key (``PORTAL_STORAGE_KEY``), which
production keeps apart from the database: a copy of the database alone cannot read them.
"""

from __future__ import annotations

import base64
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app

_PURPOSE = b"silta identity provider client secret"


def _cipher() -> AESGCM:
    master: bytes = current_app.config["STORAGE_KEY"]
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_PURPOSE).derive(master)
    return AESGCM(key)


def seal(secret: str) -> str:
    nonce = secrets.token_bytes(12)
    sealed = _cipher().encrypt(nonce, secret.encode(), _PURPOSE)
    return base64.urlsafe_b64encode(nonce + sealed).decode()


def unseal(sealed: str) -> str | None:
    """The secret, or None when it was sealed under another storage key."""
    try:
        raw = base64.urlsafe_b64decode(sealed.encode())
        return _cipher().decrypt(raw[:12], raw[12:], _PURPOSE).decode()
    except (InvalidTag, ValueError):
        return None
