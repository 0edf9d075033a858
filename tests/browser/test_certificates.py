"""Competence certificates in a browser: Parik's job coach issues one from the workshop
period's page (a unit left undescribed is refused beside its field), Luovi's coordinator
records what was recognised, and the code verifies; axe-core on every page."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import LiveServer, check_accessibility, screenshot, settled, sign_in

REFERENCE = "LUOVI-2026-031"


def test_the_job_coach_issues_a_certificate_and_the_provider_records_its_recognition(
    page: Page, live_server: LiveServer
) -> None:
    sign_in(page, live_server, "sanna.nieminen@parik.example")
    page.goto(live_server("/placements/"))
    page.get_by_role("link", name=REFERENCE, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Pajajakso: {REFERENCE}")
    section = page.locator("#certificates")
    check_accessibility(page)
    section.get_by_role("link", name="Anna todistus").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Anna osaamistodistus")
    check_accessibility(page)

    # The units agreed for the period come chosen; this certificate names the first only.
    offered = page.locator("fieldset.certificate-unit")
    assert offered.count() >= 2
    for index in range(offered.count()):
        offered.nth(index).get_by_label("Sisällytä tämä osa").set_checked(index == 0)
    unit = offered.first
    unit_name = unit.locator("legend").inner_text()
    # Chosen but not described: refused beside the field, what was typed kept.
    unit.get_by_label("Miten osaaminen osoitettiin").fill("Valmisti pajan tilaustöinä hyllyjä.")
    page.get_by_label("Arvioijat").fill("Sanna Nieminen, työvalmentaja")
    page.get_by_role("button", name="Anna todistus").click()
    unit = page.locator("fieldset.certificate-unit").first
    expect(unit.locator(".error")).to_contain_text("Kuvaa osoitettu osaaminen.")
    expect(unit.get_by_label("Miten osaaminen osoitettiin")).to_have_value(
        "Valmisti pajan tilaustöinä hyllyjä."
    )
    check_accessibility(page)
    unit.get_by_label("Työssä osoitettu osaaminen").fill(
        "Mittaa ja sahaa aihiot piirustuksen mukaan; kokoaa ja viimeistelee."
    )
    page.get_by_role("button", name="Anna todistus").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Osaamistodistus: {REFERENCE}")
    expect(page.get_by_role("heading", level=3, name=unit_name)).to_be_visible()
    code = page.locator("dd code").inner_text()
    check_accessibility(page)
    screenshot(page, "certificate")
    certificate_url = page.url

    # Luovi's coordinator reads it and records what was recognised in the HOKS.
    page.get_by_role("button", name="Kirjaudu ulos").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kirjaudu Siltaan")
    sign_in(page, live_server, "paivi.korhonen@luovi.example")
    page.goto(certificate_url)
    form = page.locator("#recognition")
    form.get_by_label("Tunnustettu HOKSiin").first.select_option(label="Osittain tunnustettu")
    form.get_by_label("Mitä on vielä suoritettava").first.fill("Pintakäsittelyn työturvallisuus")
    check_accessibility(page)
    form.get_by_role("button", name="Kirjaa tunnustaminen").click()
    expect(page.get_by_text("Tunnustamisen kirjasi Päivi Korhonen")).to_be_visible()
    settled(page)
    check_accessibility(page)

    # The code verifies; without the file the page says only that it exists.
    page.goto(live_server("/certificates/verify"))
    page.get_by_label("Tarkistuskoodi").fill(code.lower())
    page.get_by_role("button", name="Tarkista").click()
    expect(page.get_by_role("heading", name="Todistus tällä koodilla on olemassa")).to_be_visible()
    check_accessibility(page)
