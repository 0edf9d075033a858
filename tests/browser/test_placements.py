"""Placements in a browser: the whole path in each direction — create, submit, accept, both
sign, start, complete — with axe-core on every page, and the comment thread with htmx."""

from __future__ import annotations

import re
from datetime import timedelta

from playwright.sync_api import Page, expect

from portal.core.dates import today
from tests.browser.conftest import LiveServer, check_accessibility, screenshot, sign_in


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Kirjaudu ulos").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kirjaudu Siltaan")


def open_placement(page: Page, live_server: LiveServer, reference: str) -> None:
    page.goto(live_server("/placements/"))
    page.get_by_role("link", name=reference, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(reference)
    check_accessibility(page)


def take_step(page: Page, link: str, button: str | None = None) -> None:
    """Follow a step's link from the placement's page, check its page, confirm it."""
    page.get_by_role("link", name=link, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(link)
    check_accessibility(page)
    page.get_by_role("button", name=button or link, exact=True).click()


def sign_agreement(page: Page, live_server: LiveServer, reference: str, title: str) -> None:
    open_placement(page, live_server, reference)
    page.get_by_role("link", name="Lue ja allekirjoita sopimus").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Valmentautujakohtainen sopimus")
    check_accessibility(page)
    page.get_by_label("Asemasi").fill(title)
    page.get_by_label("Olen lukenut sopimuksen tämän version").check()
    page.get_by_role("button", name="Allekirjoita", exact=True).click()
    expect(page.get_by_text("Allekirjoituksesi on tallennettu.")).to_be_visible()
    check_accessibility(page)


def start_and_complete(page: Page, reference: str, live_server: LiveServer) -> None:
    open_placement(page, live_server, reference)
    expect(page.locator(".page-heading .tag")).to_have_text("Sovittu")
    take_step(page, "Kirjaa aloitus")
    expect(page.locator(".page-heading .tag")).to_have_text("Käynnissä")
    check_accessibility(page)

    page.get_by_role("link", name="Kirjaa päättyminen", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kirjaa päättyminen")
    check_accessibility(page)
    for box in page.locator("fieldset input[type=checkbox]").all():
        box.check()
    page.get_by_role("radio", name="Opinnot").check()
    page.get_by_label("Tulos (vapaaehtoinen)").fill("Jatkaa opintoja suunnitellusti.")
    page.get_by_role("button", name="Kirjaa päättyminen").click()
    expect(page.locator(".page-heading .tag")).to_have_text("Päättynyt")
    expect(page.get_by_text("Jatkaa opintoja suunnitellusti.").first).to_be_visible()
    check_accessibility(page)


def test_workshop_period_from_request_to_completion(page: Page, live_server: LiveServer) -> None:
    reference = "LUOVI-2026-050"
    start = today() + timedelta(days=7)

    # A study counsellor of Luovi drafts the request and submits it.
    sign_in(page, live_server, "mikko.laine@luovi.example")
    page.get_by_role("navigation", name="Päävalikko").get_by_role("link", name="Siirtymät").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Siirtymät")
    check_accessibility(page)
    page.get_by_role("link", name="Uusi pyyntö: pajajakso").click()
    # The list has a field named "Tunniste" too: fill in only once the form has arrived.
    expect(page.get_by_role("heading", level=1)).to_have_text("Uusi pyyntö: pajajakso")
    check_accessibility(page)
    page.get_by_label("Tunniste").fill(reference)
    page.get_by_label("Nimikirjaimet").fill("V.K.")
    page.get_by_label("Vastaanottava osapuoli").select_option(label="Parik-säätiö")
    page.get_by_label("Alkaa", exact=True).fill(start.isoformat())
    page.get_by_label("Päättyy", exact=True).fill((start + timedelta(days=60)).isoformat())
    page.get_by_label("Jakson HOKS-tavoitteet").fill("Työelämätaidot ja puutyön perusteet.")
    page.get_by_label("Tutkinnon osat").fill("Puutuotteiden valmistus")
    page.get_by_role("radio", name=re.compile("^Keskitaso")).check()
    page.get_by_label("Opiskelijapäivähinta (€)").fill("95")
    page.get_by_label(re.compile("^Vaikutus toimeentuloon")).check()
    page.get_by_label("Toimeentulon selvityksen tulos").fill("Opintotuki ei muutu.")
    page.get_by_label("Vahvistamme vastuunjaon").check()
    page.get_by_role("button", name="Tallenna luonnos").click()

    # The price is outside the recommended range: allowed, but only with the reason.
    expect(page.get_by_role("alert")).to_contain_text("suositushaarukan")
    expect(page.get_by_label("Tunniste")).to_have_value(reference)
    check_accessibility(page)
    screenshot(page, "placement-form-price")
    page.get_by_label("Perustelu suositushaarukan ulkopuoliselle hinnalle").fill(
        "Sisältää yksilövalmennuksen joka päivä."
    )
    page.get_by_role("button", name="Tallenna luonnos").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Pajajakso: {reference}")
    # Two months is allowed, and warned about, as is the price.
    expect(page.get_by_text("Pajajaksot kestävät tavallisesti").first).to_be_visible()
    check_accessibility(page)
    take_step(page, "Lähetä pyyntö")
    expect(page.locator(".page-heading .tag")).to_have_text("Lähetetty")
    sign_out(page)

    # Parik's coordinator is told, accepts and signs.
    sign_in(page, live_server, "maria.virtanen@parik.example")
    page.get_by_role("link", name=re.compile("Ilmoitukset")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ilmoitukset")
    check_accessibility(page)
    page.get_by_role("link", name=re.compile(f"siirtymäpyynnön {reference}")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(reference)
    check_accessibility(page)
    take_step(page, "Hyväksy")
    expect(page.locator(".page-heading .tag")).to_have_text("Hyväksytty")
    check_accessibility(page)
    sign_agreement(page, live_server, reference, "Työpajakoordinaattori")
    sign_out(page)

    # Luovi's coordinator signs too: the placement is agreed, then starts and completes.
    sign_in(page, live_server, "paivi.korhonen@luovi.example")
    sign_agreement(page, live_server, reference, "Yhteistyökoordinaattori")
    expect(page.get_by_role("row", name=re.compile("Parik-säätiö"))).to_contain_text(
        "Maria Virtanen"
    )
    expect(page.get_by_role("row", name=re.compile("Ammattiopisto Luovi"))).to_contain_text(
        "Päivi Korhonen"
    )
    screenshot(page, "placement-agreement")
    start_and_complete(page, reference, live_server)


def test_trainee_to_studies_from_request_to_completion(page: Page, live_server: LiveServer) -> None:
    reference = "PARIK-2026-030"

    # A job coach of Parik drafts the request; the livelihood check is required to submit.
    sign_in(page, live_server, "sanna.nieminen@parik.example")
    page.goto(live_server("/placements/"))
    page.get_by_role("link", name="Uusi pyyntö: siirtyminen opintoihin").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uusi pyyntö: siirtyminen opintoihin")
    check_accessibility(page)
    page.get_by_label("Tunniste").fill(reference)
    page.get_by_label("Nimikirjaimet").fill("H.L.")
    page.get_by_label("Toivottu ala").fill("Rakennus- ja puuala")
    page.get_by_label("Toivottu tutkinto").fill("Puuteollisuuden perustutkinto")
    page.get_by_label("Ehdotettu aloitus").fill((today() + timedelta(days=30)).isoformat())
    page.get_by_label("Työpajan rooli tukipalveluissa siirtymän jälkeen").fill(
        "Työvalmentaja tapaa viikoittain ensimmäisen jakson ajan."
    )
    page.get_by_label("Näyttöjä voidaan järjestää työpajalla").check()
    page.get_by_role("button", name="Tallenna luonnos").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Siirtyminen opintoihin: {reference}"
    )
    check_accessibility(page)

    page.get_by_role("link", name="Lähetä pyyntö", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lähetä pyyntö")
    page.get_by_role("button", name="Lähetä pyyntö", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("työmarkkinatukeen")
    check_accessibility(page)
    page.get_by_role("link", name="Muokkaa luonnosta").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Muokkaa luonnosta")
    check_accessibility(page)
    page.get_by_label(re.compile("^Vaikutus toimeentuloon")).check()
    page.get_by_label("Toimeentulon selvityksen tulos").fill("Selvitetty TE-palveluiden kanssa.")
    page.get_by_role("button", name="Tallenna luonnos").click()
    take_step(page, "Lähetä pyyntö")
    expect(page.locator(".page-heading .tag")).to_have_text("Lähetetty")
    sign_out(page)

    # Luovi's coordinator accepts and signs.
    sign_in(page, live_server, "paivi.korhonen@luovi.example")
    open_placement(page, live_server, reference)
    take_step(page, "Hyväksy")
    sign_agreement(page, live_server, reference, "Yhteistyökoordinaattori")
    sign_out(page)

    # Parik's coordinator signs, records the start and the completion.
    sign_in(page, live_server, "maria.virtanen@parik.example")
    sign_agreement(page, live_server, reference, "Työpajakoordinaattori")
    start_and_complete(page, reference, live_server)


def test_comment_thread_updates_in_place_and_the_list_filters(
    page: Page, live_server: LiveServer
) -> None:
    sign_in(page, live_server, "sanna.nieminen@parik.example")
    page.goto(live_server("/placements/"))
    results = page.locator("#results")
    expect(results).to_contain_text("LUOVI-2026-031")
    page.get_by_label("Tila").select_option(label="Käynnissä")
    expect(results).not_to_contain_text("PARIK-2026-014")
    expect(page).to_have_url(re.compile(r"status=ongoing"))
    check_accessibility(page)
    screenshot(page, "placements-list")

    page.get_by_role("link", name="LUOVI-2026-031").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pajajakso: LUOVI-2026-031")
    expect(page.locator("#demonstrations")).to_contain_text(
        "Puusepänteollisuuden tuotteiden valmistus"
    )
    expect(page.locator("#timeline")).to_contain_text("Pyyntö hyväksytty")
    check_accessibility(page)
    screenshot(page, "placement-detail")

    url = page.url
    page.get_by_label("Kommentti", exact=True).fill("Väliarviointi pidetään torstaina.")
    with page.expect_response(re.compile(r"/comments$")) as posted:
        page.get_by_role("button", name="Lähetä", exact=True).click()
    assert posted.value.status == 200
    comments = page.locator("#comments")
    expect(comments).to_contain_text("Väliarviointi pidetään torstaina.")
    expect(page.get_by_label("Kommentti", exact=True)).to_have_value("")
    assert page.url == url  # updated in place, no reload
    check_accessibility(page)
