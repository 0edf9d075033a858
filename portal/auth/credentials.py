"""The credentials a person signs in with: the e-mail address that names the account and the
password that proves it, checked under the sign-in throttle and audited.
"""

from __future__ import annotations

import sqlalchemy as sa

from portal.auth import extension_points, throttle
from portal.auth.models import User
from portal.auth.passwords import (
    hash_password,
    needs_rehash,
    spend_verification_time,
    verify_password,
)
from portal.core import audit
from portal.core.errors import DomainError
from portal.core.net import client_address
from portal.extensions import db


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_by_email(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))


def sign_in_keys(email: str) -> list[throttle.Key]:
    """The throttle's keys for a sign-in: the account from this address, and the address.

    Never the account alone: that would let anyone lock its owner out from elsewhere.
    """
    address = client_address()
    return [
        throttle.key("sign_in", normalise_email(email), address),
        throttle.key("sign_in_address", address),
    ]


def authenticate(email: str, password: str) -> User | None:
    """The account for these credentials, or None; unknown and wrong take the same time.

    Raises :class:`throttle.TooManyAttempts` without trying the password while this account
    from this address, or this address, waits after failed attempts.
    """
    keys = sign_in_keys(email)
    throttle.check(keys, actor_email=normalise_email(email), field="password")
    user = find_by_email(email)
    # The attempt is counted before it is audited, as a success clears its count before
    # auditing: on PostgreSQL every sign-in then locks the throttle's rows before the audit
    # chain's lock, and two sign-ins to one account at once cannot deadlock.
    if user is None or not user.active or user.password_hash is None:
        spend_verification_time(password)
        throttle.count(keys)
        audit.record("login.failure", actor_email=normalise_email(email), reason="unknown")
        return None
    if not verify_password(user.password_hash, password):
        throttle.count(keys)
        audit.record("login.failure", actor=user, reason="password")
        return None
    # Only after the password proved right: the refusal tells nothing to a guesser.
    refusal = extension_points.password_refusal()(user)
    if refusal is not None:
        audit.record("login.failure", actor=user, reason="password_not_allowed")
        raise DomainError(refusal, field="password")
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    throttle.clear(keys[0])
    return user
