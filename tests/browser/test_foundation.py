"""Signing in, switching language, the directory and the party form, in a browser."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import LiveServer, check_accessibility, screenshot, sign_in


def test_sign_in_search_the_directory_and_switch_language(
    page: Page, live_server: LiveServer
) -> None:
    page.goto(live_server("/"))
    expect(page).to_have_url(re.compile(r"/auth/login\?next=/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Kirjaudu Siltaan")
    check_accessibility(page)
    screenshot(page, "sign-in")

    # The e-mail address first: an address of no organisation sign-in is asked its password.
    page.get_by_label("Sähköposti").fill("paivi.korhonen@luovi.example")
    page.get_by_role("button", name="Jatka", exact=True).click()
    page.get_by_label("Salasana").fill("wrong password here")
    page.get_by_role("button", name="Kirjaudu", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("Sähköpostiosoite tai salasana on väärä.")
    expect(page.get_by_label("Sähköposti")).to_have_value("paivi.korhonen@luovi.example")
    check_accessibility(page)

    page.get_by_label("Salasana").fill("silta-demo-2026")
    page.get_by_role("button", name="Kirjaudu", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hei, Päivi Korhonen")
    check_accessibility(page)
    screenshot(page, "front-page")

    page.get_by_role("link", name="Yhteystiedot").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Yhteystiedot")
    results = page.locator("#results")
    expect(results).to_contain_text("Parik-säätiö")
    page.get_by_label("Hae").fill("Kiinteistö")
    # htmx replaces the results in place and keeps the search in the address.
    expect(results).not_to_contain_text("Ammattiopisto Luovi")
    expect(results).to_contain_text("Parik-säätiö")
    expect(page).to_have_url(re.compile(r"q=Kiinteist"))
    check_accessibility(page)
    screenshot(page, "directory")

    page.get_by_role("button", name="Svenska").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kontaktuppgifter")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    check_accessibility(page)
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Directory")

    # The choice is remembered for the account, also in a new session.
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Silta")


def test_keyboard_user_can_skip_to_the_content(page: Page, live_server: LiveServer) -> None:
    sign_in(page, live_server, "sanna.nieminen@parik.example")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Siirry sisältöön")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_expired_session_during_a_search_leads_to_sign_in_and_back(
    page: Page, live_server: LiveServer
) -> None:
    sign_in(page, live_server, "sanna.nieminen@parik.example")
    page.goto(live_server("/directory"))
    page.context.clear_cookies()
    page.get_by_label("Hae").fill("Luovi")
    # The htmx request is answered with HX-Redirect: the whole page goes to sign-in.
    expect(page.get_by_role("heading", level=1)).to_have_text("Kirjaudu Siltaan")
    expect(page).to_have_url(re.compile(r"next=/directory"))
    page.get_by_label("Sähköposti").fill("sanna.nieminen@parik.example")
    page.get_by_role("button", name="Jatka", exact=True).click()
    page.get_by_label("Salasana").fill("silta-demo-2026")
    page.get_by_role("button", name="Kirjaudu", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Yhteystiedot")


def test_administrator_adds_a_party_after_correcting_the_business_id(
    page: Page, live_server: LiveServer
) -> None:
    sign_in(page, live_server, "admin@silta.example")
    page.goto(live_server("/directory"))
    page.get_by_role("link", name="Uusi osapuoli").click()
    check_accessibility(page)
    page.get_by_label("Nimi").fill("Kotkan nuorten työpaja")
    page.get_by_label("Y-tunnus").fill("0116297-5")
    page.get_by_label("Kunta").fill("Kotka")
    page.get_by_role("button", name="Tallenna").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Kirjoita kelvollinen Y-tunnus")
    expect(page.get_by_label("Nimi")).to_have_value("Kotkan nuorten työpaja")
    check_accessibility(page)
    screenshot(page, "party-form-error")
    summary.get_by_role("link").click()
    expect(page.get_by_label("Y-tunnus")).to_be_focused()

    page.get_by_label("Y-tunnus").fill("0116297-6")
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kotkan nuorten työpaja")
    expect(page.get_by_text("Kotkan nuorten työpaja on lisätty.")).to_be_visible()
    check_accessibility(page)


def test_agreement_page_shows_the_signatures(page: Page, live_server: LiveServer) -> None:
    sign_in(page, live_server, "leena.heikkinen@kymsote.example")
    page.get_by_role("navigation").get_by_role("link", name="Linjaukset").click()
    expect(page.get_by_text("Voimassa 11.12.2021 alkaen")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Ammattiopisto Luovi"))).to_contain_text(
        "Oulu 17.1.2020"
    )
    check_accessibility(page)
    screenshot(page, "agreement")


def test_administrator_pages_are_accessible(page: Page, live_server: LiveServer) -> None:
    sign_in(page, live_server, "admin@silta.example")
    nav = page.get_by_role("navigation", name="Päävalikko")
    nav.get_by_role("link", name="Käyttäjätunnukset").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Käyttäjätunnukset")
    check_accessibility(page)
    page.get_by_role("link", name="Maria Virtanen").click()
    expect(page.get_by_label("Rooli")).to_have_value("coordinator")
    check_accessibility(page)
    nav.get_by_role("link", name="Tapahtumaloki").click()
    expect(page.get_by_role("cell", name="Kirjautui").first).to_be_visible()
    check_accessibility(page)
    screenshot(page, "audit-log")
