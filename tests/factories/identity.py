"""Parties' identity providers and the accounts bound to people at them."""

from __future__ import annotations

import factory

from portal.identity.models import ExternalIdentity, IdentityProvider
from tests.factories.auth import UserFactory
from tests.factories.base import BaseFactory
from tests.factories.parties import PartyFactory


class IdentityProviderFactory(BaseFactory):
    """A provider of a new party at its own domain, passwords still allowed."""

    class Meta:
        model = IdentityProvider

    class Params:
        organisation_only = factory.Trait(password_allowed=False)
        disabled = factory.Trait(enabled=False)

    party = factory.SubFactory(PartyFactory)
    issuer = factory.Sequence(lambda n: f"https://idp{n}.example.fi")
    client_id = "silta"
    # Sealing needs the application's storage key: a test that signs in passes
    # ``client_secret_sealed=sealing.seal(...)`` made inside an application context.
    client_secret_sealed = ""
    domains = factory.Sequence(lambda n: f"org{n}.example.fi")
    password_allowed = True
    mfa_required = False
    mfa_acr_values = ""
    enabled = True


class ExternalIdentityFactory(BaseFactory):
    class Meta:
        model = ExternalIdentity

    user = factory.SubFactory(UserFactory)
    issuer = factory.Sequence(lambda n: f"https://idp{n}.example.fi")
    subject = factory.Sequence(lambda n: f"subject-{n}")
