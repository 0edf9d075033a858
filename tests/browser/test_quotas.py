"""A workshop reserves quota places; the education provider fills them and sees the chart
and the free places change in place (htmx); a place too many is refused beside its field."""

from __future__ import annotations

import re
from datetime import timedelta

from playwright.sync_api import Page, expect

from portal.core.dates import today
from tests.browser.conftest import LiveServer, check_accessibility, screenshot, settled, sign_in


def iso(days: int) -> str:
    return (today() + timedelta(days=days)).isoformat()


def test_a_workshop_reserves_places_and_the_provider_fills_them(
    page: Page, live_server: LiveServer
) -> None:
    sign_in(page, live_server, "maria.virtanen@parik.example")
    page.get_by_role("navigation").get_by_role("link", name="Kiintiöpaikat").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kiintiöpaikat")
    expect(page.get_by_role("link", name=re.compile("Puu- ja metallityö"))).to_be_visible()
    check_accessibility(page)

    page.get_by_role("link", name="Yhteenveto kuukausittain").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kiintiöpaikat kuukausittain")
    expect(page.locator("#overview table")).to_contain_text("Ammattiopisto Luovi")
    check_accessibility(page)
    screenshot(page, "quotas-overview")

    page.get_by_role("link", name="Kiintiöpaikat", exact=True).first.click()
    page.get_by_role("link", name="Varaa paikkoja").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Varaa paikkoja")
    page.get_by_label("Työpajan yksikkö").select_option(label="Parik Kouvola")
    page.get_by_label("Koulutuksen järjestäjä").select_option(label="Ammattiopisto Luovi")
    page.get_by_label("Ala", exact=True).fill("Logistiikka-ala")
    page.get_by_label("Ensimmäinen päivä").fill(iso(7))
    page.get_by_label("Viimeinen päivä").fill(iso(120))
    page.get_by_label("Paikkojen määrä").fill("2")
    page.get_by_label("Vastauspäivä").fill(iso(150))
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Vastauspäivän on oltava viimeistään ajanjakson viimeisenä päivänä."
    )
    expect(page.get_by_label("Ala", exact=True)).to_have_value("Logistiikka-ala")
    check_accessibility(page)
    page.get_by_label("Vastauspäivä").fill(iso(20))
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Parik Kouvola: Logistiikka-ala")
    expect(page.locator("#free-count")).to_have_text("2")
    check_accessibility(page)
    quota_url = page.url
    page.get_by_role("button", name="Kirjaudu ulos").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kirjaudu Siltaan")

    sign_in(page, live_server, "paivi.korhonen@luovi.example")
    page.get_by_role("link", name=re.compile("Ilmoitukset")).click()
    notice = page.get_by_role("link", name=re.compile("Logistiikka-ala")).first
    expect(notice).to_be_visible()
    check_accessibility(page)
    notice.click()
    expect(page).to_have_url(quota_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Parik Kouvola: Logistiikka-ala")
    chart = page.locator("#quota-chart-desc")
    expect(chart).to_contain_text("enintään 0 / 2")
    check_accessibility(page)
    # The page stays the same page while htmx swaps the places part in.
    page.evaluate("window.quotaPageMarker = 1")

    reserve = page.locator(".quota-fill__form").filter(has_text="Nimetyllä varauksella")
    for reference, start, end, free in (
        ("LUOVI-VARAUS-21", 7, 60, "1"),
        ("LUOVI-VARAUS-22", 7, 90, "0"),
    ):
        reserve = page.locator(".quota-fill__form").filter(has_text="Nimetyllä varauksella")
        reserve.get_by_label("Pseudonyymi tunniste").fill(reference)
        reserve.get_by_label("Alkaen").fill(iso(start))
        reserve.get_by_label("Päättyen").fill(iso(end))
        reserve.get_by_role("button", name="Varaa paikka").click()
        expect(page.locator("#free-count")).to_have_text(free)
        settled(page)
        expect(page.locator("#messages")).to_contain_text(
            f"Paikka on varattu tunnisteelle {reference}."
        )
    expect(chart).to_contain_text("enintään 2 / 2")
    expect(page.get_by_role("row", name=re.compile("LUOVI-VARAUS-22"))).to_contain_text("Käytössä")
    assert page.evaluate("window.quotaPageMarker") == 1
    check_accessibility(page)

    # A third place over the same days is one too many: refused beside the field.
    reserve = page.locator(".quota-fill__form").filter(has_text="Nimetyllä varauksella")
    reserve.get_by_label("Pseudonyymi tunniste").fill("LUOVI-VARAUS-23")
    reserve.get_by_label("Alkaen").fill(iso(30))
    reserve.get_by_label("Päättyen").fill(iso(40))
    reserve.get_by_role("button", name="Varaa paikka").click()
    expect(page.get_by_role("alert")).to_contain_text("Vapaata paikkaa ei ole")
    settled(page)
    expect(page.get_by_label("Alkaen")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Pseudonyymi tunniste")).to_have_value("LUOVI-VARAUS-23")
    expect(page.locator("#free-count")).to_have_text("0")
    expect(page.locator("#messages")).to_be_empty()
    check_accessibility(page)
    screenshot(page, "quotas-refused")

    # Releasing a place frees it at once; the chart and the count follow.
    page.get_by_role("button", name=re.compile("Vapauta paikka.*LUOVI-VARAUS-22")).click()
    expect(page.locator("#free-count")).to_have_text("1")
    settled(page)
    expect(chart).to_contain_text("enintään 1 / 2")
    assert page.evaluate("window.quotaPageMarker") == 1
    page.get_by_text("Kaavio taulukkona").click()
    expect(page.get_by_role("table", name="Käytössä olevat paikat viikoittain")).to_be_visible()
    check_accessibility(page)


def test_the_demo_quota_in_use(page: Page, live_server: LiveServer) -> None:
    sign_in(page, live_server, "paivi.korhonen@luovi.example")
    page.get_by_role("navigation").get_by_role("link", name="Kiintiöpaikat").click()
    # The front page links the quota too (places to fill): look only once the list is shown.
    expect(page.get_by_role("heading", level=1)).to_have_text("Kiintiöpaikat")
    page.get_by_role("link", name=re.compile("Puu- ja metallityö")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Puu- ja metallityö")
    expect(page.get_by_role("row", name=re.compile("LUOVI-2026-031"))).to_contain_text("Käytössä")
    check_accessibility(page)
    screenshot(page, "quotas-detail")
    page.get_by_role("link", name="LUOVI-2026-031").click()
    expect(page.get_by_role("heading", name="Kiintiöpaikka")).to_be_visible()
    check_accessibility(page)
