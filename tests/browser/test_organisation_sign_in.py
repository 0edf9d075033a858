"""Signing in with the organisation's account in Chromium, against a real OpenID Provider."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from portal.extensions import db
from portal.identity import sealing
from portal.identity.models import IdentityProvider
from portal.parties.models import Party
from tests.browser.conftest import LiveServer, check_accessibility, screenshot, settled
from tests.oidc import CLIENT_SECRET, Provider, start_provider

SANNA = "sanna.nieminen@parik.example"


@pytest.fixture(scope="module")
def parik_provider(live_server: LiveServer) -> Iterator[Provider]:
    """Parik-säätiö's own provider, vouching for parik.example; passwords no longer allowed."""
    provider = start_provider(
        "silta-parik",
        [live_server("/auth/organisation/callback")],
        [live_server("/auth/login")],
    )
    with live_server.app.app_context():
        parik = db.session.query(Party).filter(Party.name.like("Parik%")).one()
        db.session.add(
            IdentityProvider(
                party=parik,
                issuer=provider.issuer,
                client_id="silta-parik",
                client_secret_sealed=sealing.seal(CLIENT_SECRET),
                domains="parik.example",
                password_allowed=False,
            )
        )
        db.session.commit()
    yield provider
    provider.stop()


def test_a_person_signs_in_with_their_organisations_account_and_out(
    page: Page, live_server: LiveServer, parik_provider: Provider
) -> None:
    parik_provider.add_account(SANNA, "sanna-at-parik", amr=["pwd", "mfa"])
    page.goto(live_server("/auth/login?next=/directory"))
    settled(page)
    page.get_by_label("Sähköposti").fill(SANNA)
    check_accessibility(page)
    screenshot(page, "sign-in-email-first")
    page.get_by_role("button", name="Jatka", exact=True).click()

    # Off to the provider and back, signed in, at the page asked for.
    expect(page.get_by_role("heading", level=1)).to_have_text("Yhteystiedot")
    expect(page).to_have_url(live_server("/directory"))
    check_accessibility(page)

    # Signing out ends the provider's session too: it asks to confirm, then sends back.
    page.get_by_role("button", name="Kirjaudu ulos").click()
    expect(page).to_have_url(re.compile(re.escape(parik_provider.issuer) + "/session/end"))
    page.get_by_role("button", name=re.compile("Yes", re.I)).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kirjaudu Siltaan")


def test_a_person_unknown_to_the_portal_is_told_so(
    page: Page, live_server: LiveServer, parik_provider: Provider
) -> None:
    parik_provider.add_account("uusi.ihminen@parik.example", "stranger-at-parik")
    page.goto(live_server("/auth/login"))
    settled(page)
    page.get_by_label("Sähköposti").fill("uusi.ihminen@parik.example")
    page.get_by_role("button", name="Jatka", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kirjautuminen ei onnistunut")
    expect(page.get_by_role("alert")).to_contain_text(
        "Siltassa ei ole käyttäjätiliä osoitteelle uusi.ihminen@parik.example"
    )
    check_accessibility(page)
