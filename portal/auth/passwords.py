"""Password hashing (argon2id) and the rules a new password must meet."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

# Passwords people choose first; a longer list belongs in a proper breach check.
COMMON_PASSWORDS = frozenset(
    {
        "123456789012",
        "salasana1234",
        "salasana123!",
        "password1234",
        "qwertyuiop12",
        "kesakuu2024!",
        "kesäkuu2024!",
        "silta1234567",
        "lösenord1234",
        "qwerty123456",
        "aaaaaaaaaaaa",
        "111111111111",
        "passw0rd1234",
        "tervetuloa12",
        "välkommen123",
    }
)


@lru_cache(maxsize=4)
def _hasher(parameters: tuple[tuple[str, Any], ...]) -> PasswordHasher:
    return PasswordHasher(type=Type.ID, **dict(parameters))


def hasher() -> PasswordHasher:
    """The argon2id hasher; tests configure cheaper parameters through ARGON2_PARAMETERS."""
    return _hasher(tuple(sorted(current_app.config["ARGON2_PARAMETERS"].items())))


def hash_password(password: str) -> str:
    return hasher().hash(password)


_verifier = PasswordHasher(type=Type.ID)


def verify_password(password_hash: str, password: str) -> bool:
    """Check a password; the hash carries its own parameters, so any hasher verifies it."""
    try:
        return _verifier.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return hasher().check_needs_rehash(password_hash)


@lru_cache(maxsize=4)
def _dummy_hash(parameters: tuple[tuple[str, Any], ...]) -> str:
    return _hasher(parameters).hash("no account has this password")


def spend_verification_time(password: str) -> None:
    """Verify against a dummy hash, so an unknown e-mail takes as long as a wrong password."""
    parameters = tuple(sorted(current_app.config["ARGON2_PARAMETERS"].items()))
    verify_password(_dummy_hash(parameters), password)


def password_problems(password: str, *, email: str = "", name: str = "") -> list[LazyString]:
    """What makes this password too weak; an empty list when it is good enough."""
    problems: list[LazyString] = []
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    if len(password) < minimum:
        problems.append(_l("Use at least %(count)d characters.", count=minimum))
    lowered = password.lower()
    if lowered in COMMON_PASSWORDS or len(set(lowered)) < 5:
        problems.append(_l("This password is too easy to guess. Use a few unrelated words."))
    local_part = email.split("@")[0].lower()
    personal = [part for part in [local_part, *name.lower().split()] if len(part) >= 4]
    if any(part in lowered for part in personal):
        problems.append(_l("Do not use your name or e-mail address in the password."))
    return problems
