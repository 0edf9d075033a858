"""factory_boy factories for the models every feature's tests need."""

from __future__ import annotations

import functools
from datetime import date
from typing import Any

import factory
from argon2 import PasswordHasher, Type

from portal.auth.models import Role, User
from portal.core.validators import BUSINESS_ID_WEIGHTS
from portal.extensions import db
from portal.parties.models import Agreement, Party, PartyKind, Signature, Unit, UnitKind

PASSWORD = "correct horse battery staple"


def business_id(n: int) -> str:
    """The n-th valid Finnish business ID of a test series (some numbers have no check digit)."""
    number = 3_000_000 + n * 7
    while True:
        digits = f"{number:07d}"
        remainder = sum(int(d) * w for d, w in zip(digits, BUSINESS_ID_WEIGHTS, strict=True)) % 11
        if remainder != 1:
            return f"{digits}-{0 if remainder == 0 else 11 - remainder}"
        number += 1


class BaseFactory(factory.alchemy.SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        sqlalchemy_session_persistence = "commit"


class PartyFactory(BaseFactory):
    class Meta:
        model = Party

    name = factory.Sequence(lambda n: f"Osapuoli {n}")
    kind = PartyKind.WORKSHOP
    business_id = factory.Sequence(business_id)
    locality = "Kouvola"
    signatory_name = "Allekirjoittaja"
    signatory_title = "toimitusjohtaja"
    is_founding = False


class UnitFactory(BaseFactory):
    class Meta:
        model = Unit

    party = factory.SubFactory(PartyFactory)
    kind = UnitKind.FIELD
    name = factory.Sequence(lambda n: f"Ala {n}")
    locality = "Kouvola"


class UserFactory(BaseFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"person{n}@silta.example")
    name = factory.Sequence(lambda n: f"Henkilö {n}")
    role = Role.STAFF
    party = factory.SubFactory(PartyFactory)
    active = True

    @factory.lazy_attribute
    def password_hash(self) -> str:
        return _password_hash()


@functools.cache
def _password_hash() -> str:
    # One cheap argon2id hash for the whole run; verifying reads the parameters from the hash.
    return PasswordHasher(type=Type.ID, time_cost=1, memory_cost=1024, parallelism=1).hash(PASSWORD)


class AgreementFactory(BaseFactory):
    class Meta:
        model = Agreement

    title = "Yhteistyön linjaukset"


class SignatureFactory(BaseFactory):
    class Meta:
        model = Signature

    agreement = factory.SubFactory(AgreementFactory)
    party = factory.SubFactory(PartyFactory)
    signer_name = factory.LazyAttribute(lambda o: o.party.signatory_name)
    signer_title = factory.LazyAttribute(lambda o: o.party.signatory_title)
    place = "Kouvola"
    signed_on = date(2021, 12, 11)


def coordinator_of(party: Party, **kwargs: Any) -> User:
    return UserFactory(party=party, role=Role.COORDINATOR, **kwargs)
