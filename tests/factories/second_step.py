"""Two-step verification: an authenticator app's key, recovery codes, passkeys and sign-ins
waiting for their second step.

The key of an app is sealed with the application's storage key, so a confirmed one is made
through the service (``tests/test_auth/second_step_helpers.py``); the factory's row is an
app set up but not yet confirmed.
"""

from __future__ import annotations

import hashlib
import secrets

import factory

from portal.auth.second_step.models import Passkey, PendingSignIn, RecoveryCode, TotpKey
from tests.factories.auth import UserFactory
from tests.factories.base import BaseFactory


class TotpKeyFactory(BaseFactory):
    class Meta:
        model = TotpKey

    user = factory.SubFactory(UserFactory)
    secret = None
    pending_secret = None


class RecoveryCodeFactory(BaseFactory):
    class Meta:
        model = RecoveryCode

    user_id = factory.LazyAttribute(lambda o: UserFactory().id)
    code_hash = factory.LazyFunction(lambda: secrets.token_hex(32))


class PasskeyFactory(BaseFactory):
    class Meta:
        model = Passkey

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Avain {n}")
    credential_id = factory.Sequence(lambda n: f"credential-{n}")
    public_key = b"\xa5\x01\x02"
    sign_count = 0


class PendingSignInFactory(BaseFactory):
    class Meta:
        model = PendingSignIn

    class Params:
        key = factory.Sequence(lambda n: f"pending-key-{n}")

    user = factory.SubFactory(UserFactory)
    key_hash = factory.LazyAttribute(lambda o: hashlib.sha256(o.key.encode()).hexdigest())
    next_url = ""
