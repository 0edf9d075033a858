"""Two real OpenID Providers (``oidc-provider``) for two parties, and a forger of tokens.

The providers run for the whole session; each test configures them for its parties in its
own (rolled back) database and adds the provider accounts it needs, with subjects of its own.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from portal.identity import sealing
from portal.identity.models import IdentityProvider
from portal.parties.models import Party
from tests import factories
from tests.oidc import (
    CLIENT_SECRET,
    Forger,
    Provider,
    path_of,
    start_forger,
    start_provider,
    walk_to_callback,
)

CALLBACK = "/auth/organisation/callback"


def _start(app: Flask, client_id: str) -> Provider:
    public = app.config["PUBLIC_URL"]
    return start_provider(client_id, [public + CALLBACK], [public + "/auth/login"])


@pytest.fixture(scope="session")
def oidc_a(app: Flask) -> Iterator[Provider]:
    provider = _start(app, "silta-a")
    yield provider
    provider.stop()


@pytest.fixture(scope="session")
def oidc_b(app: Flask) -> Iterator[Provider]:
    provider = _start(app, "silta-b")
    yield provider
    provider.stop()


@pytest.fixture(scope="session")
def forger() -> Iterator[Forger]:
    instance = start_forger()
    yield instance
    instance.stop()


def configure(
    app: Flask, party: Party, issuer: str, client_id: str, domain: str, **values: Any
) -> Any:
    """The party's provider, with the tests' client secret sealed under the app's key; its
    people sign in there only, unless ``password_allowed=True``."""
    values.setdefault("password_allowed", False)
    with app.app_context():
        sealed = sealing.seal(CLIENT_SECRET)
    return factories.IdentityProviderFactory(
        party=party,
        issuer=issuer,
        client_id=client_id,
        domains=domain,
        client_secret_sealed=sealed,
        **values,
    )


@pytest.fixture
def idp_a(app: Flask, workshop: Party, oidc_a: Provider) -> IdentityProvider:
    """The workshop's provider, vouching for a.example.fi."""
    return configure(app, workshop, oidc_a.issuer, "silta-a", "a.example.fi")  # type: ignore[no-any-return]


@pytest.fixture
def idp_b(app: Flask, provider: Party, oidc_b: Provider) -> IdentityProvider:
    """The education provider's provider, vouching for b.example.fi."""
    return configure(app, provider, oidc_b.issuer, "silta-b", "b.example.fi")  # type: ignore[no-any-return]


def new_subject() -> str:
    return f"sub-{uuid.uuid4().hex}"


@dataclass
class Journey:
    """The way through the sign-in page, the provider and back, as a browser goes it."""

    client: FlaskClient
    public_url: str

    def to_provider(self, email: str, next_url: str | None = None) -> str:
        """The address on the provider the portal sends the person to."""
        url = "/auth/login" + (f"?next={next_url}" if next_url else "")
        response = self.client.post(url, data={"email": email})
        assert response.status_code == 303, response.get_data(as_text=True)[:500]
        response = self.client.get(response.headers["Location"])
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return str(response.headers["Location"])

    def back_from(self, provider_url: str) -> str:
        """The portal's callback address the provider sends the browser back to."""
        return walk_to_callback(provider_url, self.public_url + CALLBACK)

    def arrive(self, callback_url: str) -> Any:
        return self.client.get(path_of(callback_url))

    def sign_in(self, email: str, next_url: str | None = None) -> Any:
        return self.arrive(self.back_from(self.to_provider(email, next_url)))


@pytest.fixture
def journey(app: Flask, client: FlaskClient) -> Journey:
    return Journey(client, app.config["PUBLIC_URL"])


@pytest.fixture
def new_journey(app: Flask, db: Any) -> Callable[[], Journey]:
    """Another browser."""
    return lambda: Journey(app.test_client(), app.config["PUBLIC_URL"])


__all__ = ["CLIENT_SECRET", "configure", "new_subject"]
