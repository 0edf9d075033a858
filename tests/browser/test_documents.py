"""Sharing a confidential document, the stamped download, asking permission to disclose,
granting it and reading the access log — in a browser, with axe-core on every page."""

from __future__ import annotations

import io
import re

from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.browser.conftest import LiveServer, check_accessibility, screenshot, sign_in
from tests.files import make_pdf


def _sign_out(page: Page) -> None:
    page.get_by_role("button", name="Kirjaudu ulos").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kirjaudu Siltaan")


def test_share_download_ask_permission_grant_and_read_the_log(
    page: Page, live_server: LiveServer
) -> None:
    # The workshop's coordinator shares a confidential report with Luovi.
    sign_in(page, live_server, "maria.virtanen@parik.example")
    page.get_by_role("navigation", name="Päävalikko").get_by_role("link", name="Asiakirjat").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Asiakirjat")
    check_accessibility(page)
    page.get_by_role("link", name="Jaa asiakirja").click()
    check_accessibility(page)
    page.get_by_label("Otsikko").fill("Väliarvo, valmentautuja P-2026-011")
    page.get_by_label("Luottamuksellinen", exact=True).check()
    # Forgetting the recipient is explained beside the field.
    page.get_by_label("Tiedosto").set_input_files(
        files=[{"name": "väliarvio.pdf", "mimeType": "application/pdf", "buffer": make_pdf(3)}]
    )
    page.get_by_role("button", name="Lataa asiakirja").click()
    expect(page.get_by_role("alert")).to_contain_text("vähintään yksi vastaanottava osapuoli")
    expect(page.get_by_label("Otsikko")).to_have_value("Väliarvo, valmentautuja P-2026-011")
    check_accessibility(page)
    screenshot(page, "documents-upload")
    page.get_by_label("Ammattiopisto Luovi").check()
    page.get_by_label("Tiedosto").set_input_files(
        files=[{"name": "väliarvio.pdf", "mimeType": "application/pdf", "buffer": make_pdf(3)}]
    )
    page.get_by_role("button", name="Lataa asiakirja").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Väliarvo, valmentautuja P-2026-011")
    # A typo in the title is corrected without sharing the file again.
    page.get_by_role("link", name="Muokkaa tietoja").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Muokkaa tietoja")
    check_accessibility(page)
    page.get_by_label("Otsikko").fill("Väliarvio, valmentautuja P-2026-011")
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Väliarvio, valmentautuja P-2026-011")
    expect(page.locator(".mark")).to_have_text("Luottamuksellinen")
    check_accessibility(page)
    document_url = page.url
    _sign_out(page)

    # Luovi's coordinator finds it shared with her party and downloads it, stamped.
    sign_in(page, live_server, "paivi.korhonen@luovi.example")
    page.goto(live_server("/documents/"))
    row = page.get_by_role("row", name=re.compile("Väliarvio, valmentautuja P-2026-011"))
    expect(row).to_contain_text("Luottamuksellinen")
    expect(row).to_contain_text("Parik-säätiö")
    check_accessibility(page)
    screenshot(page, "documents-list")
    row.get_by_role("link").click()
    expect(page).to_have_url(document_url)
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Lataa versio 1")).click()
    stamped = PdfReader(io.BytesIO(download_info.value.path().read_bytes()))
    assert len(stamped.pages) == 3
    for pdf_page in stamped.pages:
        text = pdf_page.extract_text()
        assert "LUOTTAMUKSELLINEN – vastaanottaja: Ammattiopisto Luovi" in text
        assert "Ladannut Päivi Korhonen" in text

    page.get_by_role("link", name="Pyydä luovutuslupaa").click()
    check_accessibility(page)
    page.get_by_label("Kolmas osapuoli").fill("Kouvolan TE-palvelut")
    page.get_by_label("Tarkoitus").fill("Työllistymisen suunnittelu yhdessä valmentautujan kanssa.")
    page.get_by_label("Laajuus").fill("Sivut 1–2.")
    page.get_by_role("button", name="Pyydä lupaa").click()
    expect(page.get_by_text("Pyyntösi on lähetetty omistajan vastuuhenkilöille.")).to_be_visible()
    expect(page.locator("#disclosures + .disclosures")).to_contain_text("Odottaa päätöstä")
    check_accessibility(page)
    _sign_out(page)

    # The owner's coordinator grants it in writing, then reads who has opened the document.
    sign_in(page, live_server, "maria.virtanen@parik.example")
    page.goto(document_url)
    page.get_by_role("link", name="Taholle Kouvolan TE-palvelut").click()
    check_accessibility(page)
    page.get_by_label("Myönnä lupa").check()
    page.get_by_label("Kirjallinen päätös").fill("Lupa myönnetään sivuihin 1–2.")
    screenshot(page, "documents-disclosure")
    page.get_by_role("button", name="Kirjaa päätös").click()
    expect(page.get_by_text("Päätös on kirjattu ja pyytäjälle ilmoitettu.")).to_be_visible()
    expect(page.locator(".disclosures")).to_contain_text("Lupa myönnetty")
    check_accessibility(page)
    screenshot(page, "documents-detail")
    page.get_by_role("link", name="Käyttöloki").click()
    log = page.get_by_role("table")
    expect(log.get_by_role("row", name=re.compile("Päivi Korhonen.*Ladattu"))).to_contain_text(
        "Ammattiopisto Luovi"
    )
    check_accessibility(page)
    screenshot(page, "documents-access-log")
