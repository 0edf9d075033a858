"""Password hashing (argon2id) and the rules a new password must meet."""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from typing import Any

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from zxcvbn import zxcvbn

# The estimator's advice, in the user's language; advice it adds in a later version is
# left out rather than shown in English.
ESTIMATOR_ADVICE: dict[str, LazyString] = {
    "This is a top-10 common password.": _l("This is one of the most common passwords."),
    "This is a top-100 common password.": _l("This is one of the most common passwords."),
    "This is a very common password.": _l("This is a very common password."),
    "This is similar to a commonly used password.": _l(
        "This is similar to a commonly used password."
    ),
    "A word by itself is easy to guess.": _l("A word by itself is easy to guess."),
    "Names and surnames by themselves are easy to guess.": _l(
        "Names and surnames by themselves are easy to guess."
    ),
    "Common names and surnames are easy to guess.": _l(
        "Common names and surnames are easy to guess."
    ),
    "Straight rows of keys are easy to guess.": _l(
        "Rows of keys on the keyboard are easy to guess."
    ),
    "Short keyboard patterns are easy to guess.": _l("Keyboard patterns are easy to guess."),
    'Repeats like "aaa" are easy to guess.': _l("Repeated characters are easy to guess."),
    'Repeats like "abcabcabc" are only slightly harder to guess than "abc".': _l(
        "Repeated characters are easy to guess."
    ),
    'Sequences like "abc" or "6543" are easy to guess.': _l(
        "Sequences like abc or 6543 are easy to guess."
    ),
    "Recent years are easy to guess.": _l("Years and dates are easy to guess."),
    "Dates are often easy to guess.": _l("Years and dates are easy to guess."),
}

# The estimator's time grows with the length; a password this long is judged by its start,
# which is strong enough already when the whole is.
ESTIMATED_LENGTH = 64

# zxcvbn's dictionaries are English; these are the Finnish and Swedish words people build
# passwords from first, and the portal's own name, tried as if the attacker knew them.
LOCAL_WORDS = (
    "silta",
    "salasana",
    "lösenord",
    "tervetuloa",
    "välkommen",
    "kesäkuu",
    "kesakuu",
    "kesä",
    "talvi",
    "syksy",
    "kevät",
    "sommar",
    "vinter",
    "hösten",
    "våren",
    "suomi",
    "finland",
    "helsinki",
    "kissa",
    "koira",
    "rakkaus",
    "kärlek",
    "perkele",
    "hyvää",
    "moikka",
    "hej",
    "pajajakso",
    "työpaja",
    "opisto",
    "koulu",
    "skola",
    "parik",
    "luovi",
)

# zxcvbn keeps the user inputs of the estimate in a module-level dictionary: two threads
# estimating at once would mix one person's name into another's estimate.
_estimator_lock = threading.Lock()

# Scores run from 0 to 4; 3 is "safely unguessable" against an attacker who has the hashes.
MINIMUM_SCORE = 3


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
    """What makes this password too weak; an empty list when it is good enough.

    zxcvbn estimates how many guesses the password takes, with its lists of common passwords,
    names and words and the person's own name and e-mail address as things an attacker tries.
    """
    problems: list[LazyString] = []
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    if len(password) < minimum:
        problems.append(_l("Use at least %(count)d characters.", count=minimum))
    local_part = email.split("@")[0].lower()
    personal = [part for part in [local_part, *name.lower().split()] if len(part) >= 4]
    if any(part in password.lower() for part in personal):
        problems.append(_l("Do not use your name or e-mail address in the password."))
    if problems:
        return problems
    inputs = [email, local_part, *re.split(r"[\W_]+", local_part), *name.split()]
    inputs = [i for i in inputs if i] + list(LOCAL_WORDS)
    with _estimator_lock:
        estimate = zxcvbn(password[:ESTIMATED_LENGTH], user_inputs=inputs)
    if estimate["score"] < MINIMUM_SCORE:
        problems.append(_l("This password is too easy to guess. Use a few unrelated words."))
        advice = ESTIMATOR_ADVICE.get(estimate["feedback"]["warning"])
        if advice is not None:
            problems.append(advice)
    return problems
