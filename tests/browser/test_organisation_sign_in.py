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
from tests.browser.conftest import LiveServer, check_accessibility, screenshot, settled, sign_in
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


def test_the_administrator_sees_the_providers_settings_but_never_its_secret(
    page: Page, live_server: LiveServer, parik_provider: Provider
) -> None:
    sign_in(page, live_server, "admin@silta.example")
    page.goto(live_server("/directory"))
    page.get_by_role("link", name="Parik-säätiö").first.click()
    page.get_by_role("link", name="Organisaation tunnistus").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Organisaation tunnistus")
    expect(page.get_by_label("Myöntäjän osoite (issuer)")).to_have_value(parik_provider.issuer)
    expect(page.get_by_label("Asiakassalaisuus (client secret)")).to_have_value("")
    expect(page.locator("body")).not_to_contain_text(CLIENT_SECRET)
    check_accessibility(page)
    screenshot(page, "organisation-sign-in-admin")
    # A domain that is not one is answered beside the field, keeping what was typed.
    page.get_by_label("Sähköpostin verkkotunnukset").fill("parik.example\nei verkkotunnus")
    page.get_by_role("button", name="Tallenna").click()
    expect(page.locator("#domains-error")).to_contain_text("Ei kelvollinen verkkotunnus")
    expect(page.get_by_label("Sähköpostin verkkotunnukset")).to_have_value(
        "parik.example\nei verkkotunnus"
    )
    check_accessibility(page)


def test_where_passwords_stay_allowed_the_page_offers_both(
    page: Page, live_server: LiveServer, parik_provider: Provider
) -> None:
    with live_server.app.app_context():
        db.session.query(IdentityProvider).update({"password_allowed": True})
        db.session.commit()
    try:
        page.goto(live_server("/auth/login"))
        settled(page)
        page.get_by_label("Sähköposti").fill(SANNA)
        page.get_by_role("button", name="Jatka", exact=True).click()
        expect(page.get_by_role("link", name="Kirjaudu organisaatiosi tunnuksella")).to_be_visible()
        expect(page.get_by_label("Salasana")).to_be_focused()
        check_accessibility(page)
        # Her password still works here.
        page.get_by_label("Salasana").fill("silta-demo-2026")
        page.get_by_role("button", name="Kirjaudu", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Hei, Sanna Nieminen")
    finally:
        with live_server.app.app_context():
            db.session.query(IdentityProvider).update({"password_allowed": False})
            db.session.commit()
