"""From the catalogue to a placement: a workshop publishes a learning-environment report, an
education provider finds it by a unit and starts a workshop-period request pre-filled with
the workshop and its unit, ticks a unit from the report and saves the draft."""

from __future__ import annotations

import re
from datetime import timedelta

from playwright.sync_api import Page, expect

from portal.core.dates import add_months, today
from tests.browser.conftest import (
    LiveServer,
    check_accessibility,
    follow,
    screenshot,
    settled,
    sign_in,
)

REPORT_UNITS = "Tunnistamisraportin tutkinnon osat: "


def heading(page: Page) -> object:
    return page.get_by_role("heading", level=1)


def test_a_provider_finds_a_report_by_a_unit_and_starts_a_prefilled_request(
    page: Page, live_server: LiveServer
) -> None:
    # Maria at Parik-säätiö writes and publishes the report of Parik Kouvola.
    sign_in(page, live_server, "maria.virtanen@parik.example")
    page.get_by_role("navigation").get_by_role("link", name="Oppimisympäristöt").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Oppimisympäristöt")
    check_accessibility(page)
    page.get_by_role("link", name=re.compile("Laadi raportti.*Parik Kouvola")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Parik Kouvola")
    check_accessibility(page)
    page.get_by_label("Yksikössä tehtävä työ").fill(
        "Kierrätysmyymälän varasto: vastaanotto, lajittelu, hyllytys ja kuljetukset."
    )
    page.get_by_label("Vastaanottokyky").fill("3")
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lisää tutkinnon osa")
    check_accessibility(page)
    page.get_by_label("Tutkinto", exact=True).fill("Logistiikan perustutkinto")
    page.get_by_label("Tutkinnon osa", exact=True).fill("Varastotoiminnot")
    page.get_by_label("Koodi").fill("106340")
    page.get_by_label("Näytön voi antaa työpajalla").check()
    page.get_by_role("button", name="Tallenna ja lisää seuraava").click()
    expect(page.get_by_text("Varastotoiminnot on tallennettu.")).to_be_visible()
    page.get_by_label("Tutkinnon osa", exact=True).fill("Kuljetuspalvelut")
    page.get_by_label("Koodi").fill("106342")
    page.get_by_role("button", name="Tallenna", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Parik Kouvola")
    page.get_by_role("button", name="Julkaise").click()
    expect(page.get_by_text("Raportti on julkaistu oppimisympäristöissä.")).to_be_visible()
    check_accessibility(page)
    page.get_by_role("button", name="Kirjaudu ulos").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kirjaudu Siltaan")

    # Päivi at Luovi finds it by a unit in an inflected form; the withdrawn Kouvola's report
    # of the same unit is not offered.
    sign_in(page, live_server, "paivi.korhonen@luovi.example")
    follow(page, page.get_by_role("navigation").get_by_role("link", name="Oppimisympäristöt"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Oppimisympäristöt")
    results = page.locator("#results")
    page.get_by_label("Tutkinto tai tutkinnon osa").fill("varastotoimintojen")
    expect(results.get_by_role("heading", level=2)).to_have_text(["Parik-säätiö: Parik Kouvola"])
    check_accessibility(page)
    # The link names the workshop and unit to a screen reader too.
    results.get_by_role(
        "link", name=re.compile("Pyydä pajajaksoa.*Parik-säätiö, Parik Kouvola")
    ).click()

    # The request is pre-filled with the workshop and its unit, and offers the report's units.
    expect(page.get_by_role("heading", level=1)).to_have_text("Uusi pyyntö: pajajakso")
    expect(page.locator("#receiver option:checked")).to_have_text("Parik-säätiö")
    expect(page.locator("#workshop_unit option:checked")).to_have_text("Parik Kouvola")
    offered = page.get_by_role("group", name=REPORT_UNITS + "Parik Kouvola")
    expect(offered.get_by_role("checkbox")).to_have_count(2)
    expect(offered.get_by_label("Varastotoiminnot (106340)")).not_to_be_checked()
    check_accessibility(page)
    screenshot(page, "catalogue-links-request")

    # Choosing another unit shows its units in place; choosing back shows these again.
    unit = page.get_by_label("Työpajan yksikkö")
    unit.select_option(label="Puu- ja metallityö")
    wood = page.get_by_role("group", name=REPORT_UNITS + "Puu- ja metallityö")
    expect(wood).to_contain_text("Levytyöt (100432)")
    settled(page)
    check_accessibility(page)
    unit.select_option(label="Parik Kouvola")
    expect(offered.get_by_role("checkbox")).to_have_count(2)
    settled(page)

    offered.get_by_label("Varastotoiminnot (106340)").check()
    start = today() + timedelta(days=14)
    page.get_by_label("Tunniste").fill("LUOVI-2026-060")
    page.get_by_label("Nimikirjaimet").fill("S.M.")
    page.get_by_label("Alkaa", exact=True).fill(start.isoformat())
    page.get_by_label("Päättyy", exact=True).fill(
        (add_months(start, 4) - timedelta(days=1)).isoformat()
    )
    page.get_by_label("Jakson HOKS-tavoitteet").fill("Varastotyön perusteet ja työturvallisuus.")
    page.get_by_label("Muut tutkinnon osat").fill("Työelämätaidot")
    page.get_by_role("radio", name=re.compile("^Keskitaso")).check()
    page.get_by_label("Opiskelijapäivähinta (€)").fill("55")
    page.get_by_label(re.compile("^Vaikutus toimeentuloon")).check()
    page.get_by_label("Toimeentulon selvityksen tulos").fill("Opintotuki ei muutu.")
    page.get_by_label("Vahvistamme vastuunjaon").check()
    page.get_by_role("button", name="Tallenna luonnos").click()

    # The placement's page shows the unit and which report its qualification unit came from.
    expect(page.get_by_role("heading", level=1)).to_have_text("Pajajakso: LUOVI-2026-060")
    source = page.get_by_role("region", name="Oppimisympäristö")
    expect(source).to_contain_text("Parik Kouvola")
    expect(source).to_contain_text("Varastotoiminnot (106340)")
    expect(source).not_to_contain_text("Työelämätaidot")
    check_accessibility(page)
    screenshot(page, "catalogue-links-placement")
    source.get_by_role("link", name=re.compile("^Parik Kouvola, raportti")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Parik Kouvola")
    check_accessibility(page)


def test_without_javascript_the_form_shows_another_units_offer_keeping_what_was_typed(
    browser_without_js: Page, live_server: LiveServer
) -> None:
    page = browser_without_js
    sign_in(page, live_server, "mikko.laine@luovi.example", javascript=False)
    page.goto(live_server("/catalogue/?q=kiinteistönhoidon"))
    page.locator("#results").get_by_role("link", name="Parik-säätiö: Kiinteistöhuolto").click()
    # From one of the report's units: that unit comes ticked.
    page.get_by_role("link", name=re.compile("Pyydä jaksoa.*Kiinteistönhoito")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uusi pyyntö: pajajakso")
    expect(page.get_by_label("Kiinteistönhoito (101569)")).to_be_checked()
    page.get_by_label("Tunniste").fill("LUOVI-2026-061")

    page.get_by_label("Työpajan yksikkö").select_option(label="Ravintola ja catering")
    page.get_by_role("button", name="Näytä yksiköt").click()
    expect(page.get_by_role("group", name=REPORT_UNITS + "Ravintola ja catering")).to_contain_text(
        "Ruoanvalmistus (106713)"
    )
    expect(page.get_by_label("Tunniste")).to_have_value("LUOVI-2026-061")
    expect(page.get_by_role("alert")).to_have_count(0)


def test_a_provider_sees_the_quota_places_a_unit_keeps_for_it(
    page: Page, live_server: LiveServer
) -> None:
    sign_in(page, live_server, "paivi.korhonen@luovi.example")
    follow(page, page.get_by_role("navigation").get_by_role("link", name="Oppimisympäristöt"))
    page.get_by_label("Tutkinto tai tutkinnon osa").fill("ruoanvalmistuksen")
    results = page.locator("#results")
    expect(results.get_by_role("heading", level=2)).to_have_text(
        ["Parik-säätiö: Ravintola ja catering"]
    )
    # The kitchen's quota for Luovi starts in forty days with one of its three places reserved.
    places = results.locator(".catalogue-quotas")
    expect(places).to_contain_text("Kiintiöpaikat osapuolelle Ammattiopisto Luovi")
    expect(places).to_contain_text(re.compile(r"2/3 paikkaa vapaana \d+\.\d+\.\d{4}"))
    expect(places).to_contain_text("täytettävä viimeistään")
    settled(page)
    check_accessibility(page)
    screenshot(page, "catalogue-quota-places")

    places.get_by_role("link", name=re.compile("^Ravintola- ja catering-ala")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Ravintola ja catering: Ravintola- ja catering-ala"
    )
