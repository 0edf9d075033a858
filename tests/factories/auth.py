"""Accounts, their signed-in sessions and the sign-in throttle's counters."""

from __future__ import annotations

import functools
import hashlib
from datetime import timedelta
from typing import Any

import factory
from argon2 import PasswordHasher, Type

from portal.auth.models import Role, ThrottleKey, User, UserSession
from portal.core.models import utcnow
from portal.parties.models import Party
from tests.factories.base import PASSWORD, BaseFactory
from tests.factories.parties import PartyFactory


@functools.cache
def _password_hash() -> str:
    # One cheap argon2id hash for the whole run; verifying reads the parameters from the hash.
    return PasswordHasher(type=Type.ID, time_cost=1, memory_cost=1024, parallelism=1).hash(PASSWORD)


class UserFactory(BaseFactory):
    """Staff of a new party, signing in with ``PASSWORD``; traits give the other roles."""

    class Meta:
        model = User

    class Params:
        coordinator = factory.Trait(role=Role.COORDINATOR)
        admin = factory.Trait(role=Role.ADMIN, party=None)
        inactive = factory.Trait(active=False)
        invited = factory.Trait(password_hash=None, invited_at=factory.LazyFunction(utcnow))

    email = factory.Sequence(lambda n: f"person{n}@silta.example")
    name = factory.Sequence(lambda n: f"Henkilö {n}")
    role = Role.STAFF
    party = factory.SubFactory(PartyFactory)
    active = True
    password_hash = factory.LazyFunction(_password_hash)


def coordinator_of(party: Party, **kwargs: Any) -> User:
    return UserFactory(party=party, role=Role.COORDINATOR, **kwargs)


class UserSessionFactory(BaseFactory):
    """A signed-in browser; the key itself is not kept, only its hash."""

    class Meta:
        model = UserSession

    class Params:
        key = factory.Sequence(lambda n: f"session-key-{n}")
        idle = factory.Trait(
            last_seen_at=factory.LazyFunction(lambda: utcnow() - timedelta(hours=3))
        )

    user = factory.SubFactory(UserFactory)
    key_hash = factory.LazyAttribute(lambda o: hashlib.sha256(o.key.encode()).hexdigest())
    address = "192.0.2.10"
    user_agent = "Mozilla/5.0"


class ThrottleKeyFactory(BaseFactory):
    """Attempts counted against one (already hashed) key; ``waiting`` holds further ones back."""

    class Meta:
        model = ThrottleKey

    class Params:
        waiting = factory.Trait(
            count=10, wait_until=factory.LazyFunction(lambda: utcnow() + timedelta(minutes=5))
        )

    key = factory.Sequence(lambda n: hashlib.sha256(f"throttle-{n}".encode()).hexdigest())
    count = 1
