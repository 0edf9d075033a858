"""Parties, their units, the agreement and its signatures."""

from __future__ import annotations

from datetime import date, timedelta

import factory

from portal.core.dates import today
from portal.parties.models import Agreement, Party, PartyKind, Signature, Unit, UnitKind
from tests.factories.base import BaseFactory, business_id


class PartyFactory(BaseFactory):
    """A workshop unless told otherwise; the traits give the other kinds and a withdrawal."""

    class Meta:
        model = Party

    class Params:
        provider = factory.Trait(kind=PartyKind.EDUCATION_PROVIDER)
        social_services = factory.Trait(kind=PartyKind.SOCIAL_SERVICES)
        supporting = factory.Trait(kind=PartyKind.SUPPORTING)
        founding = factory.Trait(is_founding=True)
        joined = factory.Trait(joined_on=factory.LazyFunction(today))
        withdrawn = factory.Trait(
            withdrawn_on=factory.LazyFunction(lambda: today() - timedelta(days=30)),
            withdrawal_notice="Irtisanottu kirjallisesti.",
        )

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

    class Params:
        site = factory.Trait(kind=UnitKind.SITE, address="Paja-alue 1")

    party = factory.SubFactory(PartyFactory)
    kind = UnitKind.FIELD
    name = factory.Sequence(lambda n: f"Ala {n}")
    locality = "Kouvola"


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
