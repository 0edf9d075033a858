"""The portal as an OpenID Connect client of one provider, through Authlib's Flask client.

Authlib keeps the ``state``, the ``nonce`` and the PKCE verifier in the session, checks the
state on return, and verifies the ID token: its signature against the provider's JWKS, its
issuer, audience, expiry and nonce.
"""

from __future__ import annotations

from typing import Any

from authlib.common.errors import AuthlibBaseError
from authlib.integrations.flask_client import FlaskIntegration, FlaskOAuth2App
from flask import current_app
from joserfc.errors import JoseError
from requests import RequestException

from portal.identity import sealing
from portal.identity.models import IdentityProvider

SCOPES = "openid email profile"
# What can go wrong between the provider's answer and a verified token: a wrong state or code,
# an unreachable provider, a token that fails verification.
FAILURES: tuple[type[Exception], ...] = (
    AuthlibBaseError,
    JoseError,
    RequestException,
    KeyError,
    ValueError,
    RuntimeError,
)


class ProviderMisconfigured(RuntimeError):
    """The stored settings cannot be used (the secret, or the issuer of the discovery)."""


def client_for(provider: IdentityProvider) -> FlaskOAuth2App:
    secret = sealing.unseal(provider.client_secret_sealed)
    if secret is None:
        raise ProviderMisconfigured("the client secret was sealed under another storage key")
    name = f"identity_provider_{provider.id}"
    return FlaskOAuth2App(
        FlaskIntegration(name),
        name=name,
        client_id=provider.client_id,
        client_secret=secret,
        server_metadata_url=f"{provider.issuer}/.well-known/openid-configuration",
        client_kwargs={
            "scope": SCOPES,
            "code_challenge_method": "S256",
            "default_timeout": current_app.config["IDENTITY_PROVIDER_TIMEOUT"],
        },
    )


def metadata(client: FlaskOAuth2App, provider: IdentityProvider) -> dict[str, Any]:
    """The provider's discovery document, refused unless it names the configured issuer."""
    found: dict[str, Any] = client.load_server_metadata()
    if str(found.get("issuer", "")).rstrip("/") != provider.issuer:
        raise ProviderMisconfigured("the discovery document names another issuer")
    return found


def verified_token(client: FlaskOAuth2App, provider: IdentityProvider) -> dict[str, Any]:
    """Exchange the code on this request and verify the ID token; its claims in "userinfo"."""
    issuer = metadata(client, provider)["issuer"]
    token: dict[str, Any] = client.authorize_access_token(
        claims_options={
            "iss": {"essential": True, "values": [issuer]},
            "sub": {"essential": True},
            # Without values Authlib checks the audience only through azp: a token for another
            # client that names this one as azp would pass.
            "aud": {"essential": True, "values": [provider.client_id]},
            "exp": {"essential": True},
            "iat": {"essential": True},
            "nonce": {"essential": True},
        },
        leeway=current_app.config["IDENTITY_CLOCK_LEEWAY"],
    )
    # Authlib verifies an ID token only when one came: without one there is nobody to trust.
    if not token.get("id_token") or not token.get("userinfo"):
        raise ProviderMisconfigured("the provider answered without an ID token")
    return token
