"""A secret held for one browser to be shown once, e.g. a new calendar address or new
recovery codes: kept on the session's row, sealed so that only that browser can read it.

It is sealed with AES-256-GCM under a key derived from the browser's session key, which only
the cookie carries: the database alone cannot open it.
"""

from __future__ import annotations

import base64
import hashlib
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from portal.auth.models import User
from portal.auth.sessions import current_session


def hold_secret(user: User, secret: str) -> None:
    """Keep a secret for this browser to be shown once, e.g. a new calendar address."""
    user_session = current_session(user)
    if user_session is not None and user.session_key:
        user_session.held_secret = _seal(user.session_key, secret)


def take_secret(user: User) -> str | None:
    """The secret held for this browser, forgotten as it is read."""
    user_session = current_session(user)
    if user_session is None or not user_session.held_secret or not user.session_key:
        return None
    held, user_session.held_secret = user_session.held_secret, None
    return _unseal(user.session_key, held)


def _seal(session_key: str, secret: str) -> str:
    nonce = secrets.token_bytes(12)
    sealed = AESGCM(_secret_key(session_key)).encrypt(nonce, secret.encode(), b"held secret")
    return base64.urlsafe_b64encode(nonce + sealed).decode()


def _unseal(session_key: str, held: str) -> str | None:
    try:
        raw = base64.urlsafe_b64decode(held.encode())
        plain = AESGCM(_secret_key(session_key)).decrypt(raw[:12], raw[12:], b"held secret")
    except (InvalidTag, ValueError):
        return None
    return plain.decode()


def _secret_key(session_key: str) -> bytes:
    return hashlib.sha256(b"held secret\0" + session_key.encode()).digest()
