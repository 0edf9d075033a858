"""ID tokens a real provider would not issue: the portal fetches the JWKS over HTTP and
refuses each after verifying it, with an audit row."""

from __future__ import annotations

import time
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from joserfc.jwk import RSAKey

from portal.auth.models import User
from portal.core.audit import AuditEvent
from portal.identity.models import ExternalIdentity, IdentityProvider
from portal.parties.models import Party
from tests import factories
from tests.oidc import Forger, query_of
from tests.test_identity.conftest import Journey, configure

EMAIL = "anna@forged.example.fi"


@pytest.fixture
def forged_idp(app: Flask, workshop: Party, forger: Forger) -> IdentityProvider:
    return configure(app, workshop, forger.issuer, "silta-f", "forged.example.fi")  # type: ignore[no-any-return]


@pytest.fixture
def anna(forged_idp: IdentityProvider) -> User:
    return factories.UserFactory(party=forged_idp.party, email=EMAIL)  # type: ignore[no-any-return]


def answer(journey: Journey, forger: Forger, **changes: Any) -> Any:
    """Start a sign-in, have the provider answer with these claims changed, and come back."""
    signing_key = changes.pop("signing_key", None)
    asked = query_of(journey.to_provider(EMAIL))
    nonce = changes.pop("nonce", asked["nonce"])
    claims = forger.standard_claims("silta-f", nonce, email=EMAIL, **changes)
    forger.issue(claims, signing_key=signing_key)
    return journey.arrive(f"/auth/organisation/callback?code=forged&state={asked['state']}")


def refusals(db: Any) -> list[AuditEvent]:
    return db.session.query(AuditEvent).filter_by(event="login.organisation_refused").all()


def test_a_well_made_token_lets_the_person_in(
    db: Any, journey: Journey, client: FlaskClient, forger: Forger, anna: User
) -> None:
    # The control: the same path with nothing wrong signs in, so each refusal below is its own.
    assert answer(journey, forger).status_code == 303
    assert anna.name in client.get("/").get_data(as_text=True)
    assert db.session.query(ExternalIdentity).filter_by(user_id=anna.id).count() == 1


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"nonce": "another-nonce"}, id="wrong nonce"),
        pytest.param({"exp": int(time.time()) - 600, "iat": int(time.time()) - 900}, id="expired"),
        pytest.param({"aud": "another-client"}, id="wrong audience"),
        pytest.param({"aud": "another-client", "azp": "silta-f"}, id="wrong audience with azp"),
        pytest.param({"iss": "https://another.example.fi"}, id="wrong issuer"),
        pytest.param(
            {"signing_key": RSAKey.generate_key(2048, {"kid": "served"})}, id="wrongly signed"
        ),
        pytest.param(
            {"signing_key": RSAKey.generate_key(2048, {"kid": "unknown"})}, id="unknown key"
        ),
    ],
)
def test_a_token_that_fails_verification_is_refused(
    db: Any, journey: Journey, client: FlaskClient, forger: Forger, anna: User, changes: Any
) -> None:
    response = answer(journey, forger, **changes)
    assert response.status_code == 403
    assert "ei onnistunut" in response.get_data(as_text=True)
    assert client.get("/").status_code == 303
    assert db.session.query(ExternalIdentity).count() == 0
    (refused,) = refusals(db)
    assert refused.outcome == "failed"
    assert refused.details["reason"] in {
        "invalid_claim",
        "missing_claim",
        "expired_token",
        "bad_signature",
        "invalid_key_id",
    }
