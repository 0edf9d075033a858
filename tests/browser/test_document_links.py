"""Documents that belong to a placement and to a meeting, in a browser: shared from the
object's page with the form filled in, seen with their mark by the other party on the same
page and downloaded stamped — with axe-core on every page."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from portal.annual_calendar.models import Event
from portal.extensions import db
from tests.browser.conftest import LiveServer, check_accessibility, screenshot, sign_in
from tests.files import make_pdf

REFERENCE = "LUOVI-2026-031"
ASSESSMENT = "Jakson loppuarvio, LUOVI-2026-031"
VISIT = "Tutustumiskäynti puu- ja metallipajalle"


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Kirjaudu ulos").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kirjaudu Siltaan")


def pdf_file(name: str, pages: int = 2) -> list[dict[str, object]]:
    return [{"name": name, "mimeType": "application/pdf", "buffer": make_pdf(pages)}]


def test_a_confidential_document_shared_from_the_placement_page(
    page: Page, live_server: LiveServer
) -> None:
    # Parik's coordinator shares the assessment from the workshop period's page.
    sign_in(page, live_server, "maria.virtanen@parik.example")
    page.goto(live_server("/placements/"))
    page.get_by_role("link", name=REFERENCE, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Pajajakso: {REFERENCE}")
    placement_url = page.url
    documents = page.locator("#documents")
    # The demo's documents of the period, each with its mark.
    expect(documents.get_by_role("row", name=re.compile("HOKS-ote"))).to_contain_text(
        "Luottamuksellinen"
    )
    check_accessibility(page)
    documents.get_by_role("link", name="Jaa asiakirja").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jaa asiakirja")
    # Filled in for the placement: confidential, for the other party.
    expect(page.get_by_label(f"Pajajakso: {REFERENCE}")).to_be_checked()
    expect(page.get_by_label("Luottamuksellinen", exact=True)).to_be_checked()
    expect(page.get_by_label("Ammattiopisto Luovi")).to_be_checked()
    check_accessibility(page)
    page.get_by_label("Otsikko").fill(ASSESSMENT)
    page.get_by_label("Tiedosto").set_input_files(files=pdf_file("loppuarvio.pdf", 3))
    page.get_by_role("button", name="Lataa asiakirja").click()

    # Back on the placement's page, where the document shows with its mark.
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Pajajakso: {REFERENCE}")
    expect(page.get_by_text(f"Asiakirja ”{ASSESSMENT}” on jaettu.")).to_be_visible()
    row = page.locator("#documents").get_by_role("row", name=re.compile(ASSESSMENT))
    expect(row).to_contain_text("Luottamuksellinen")
    expect(row).to_contain_text("Parik-säätiö")
    check_accessibility(page)
    page.locator("#documents").scroll_into_view_if_needed()
    screenshot(page, "document-links-placement")
    sign_out(page)

    # Luovi's coordinator sees it on the same page, marked, and downloads it stamped.
    sign_in(page, live_server, "paivi.korhonen@luovi.example")
    page.goto(placement_url)
    row = page.locator("#documents").get_by_role("row", name=re.compile(ASSESSMENT))
    expect(row.locator(".mark")).to_have_text("Luottamuksellinen")
    check_accessibility(page)
    with page.expect_download() as download_info:
        row.get_by_role("link", name=re.compile("Lataa")).click()
    stamped = PdfReader(io.BytesIO(download_info.value.path().read_bytes()))
    assert len(stamped.pages) == 3
    for pdf_page in stamped.pages:
        text = pdf_page.extract_text()
        assert "LUOTTAMUKSELLINEN – vastaanottaja: Ammattiopisto Luovi" in text
        assert "Ladannut Päivi Korhonen" in text


def test_the_organiser_shares_the_minutes_and_the_invited_party_reads_them(
    page: Page, live_server: LiveServer
) -> None:
    with live_server.app.app_context():
        visit_id = db.session.scalars(sa.select(Event.id).where(Event.title == VISIT)).one()
    event_url = live_server(f"/calendar/events/{visit_id}")

    # Parik's coordinator writes the short note; the minutes step then asks for the document.
    sign_in(page, live_server, "maria.virtanen@parik.example")
    page.goto(event_url)
    expect(page.get_by_role("heading", level=1)).to_have_text(VISIT)
    check_accessibility(page)
    page.get_by_role("link", name="Kirjoita muistio").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Muistio: {VISIT}")
    check_accessibility(page)
    page.get_by_label("Muistio lyhyesti").fill("Opettajat tutustuivat pajaan; näytöt sovitaan.")
    page.get_by_role("button", name="Tallenna muistio").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jaa asiakirja")
    expect(page.get_by_text("Jaa nyt muistio asiakirjana.")).to_be_visible()
    expect(page.get_by_label("Otsikko")).to_have_value(f"Muistio: {VISIT}")
    expect(page.get_by_role("radio", name="Muistio", exact=True)).to_be_checked()
    expect(page.get_by_label("Luottamuksellinen", exact=True)).to_be_checked()
    expect(page.get_by_label("Ammattiopisto Luovi")).to_be_checked()
    check_accessibility(page)
    page.get_by_label("Tiedosto").set_input_files(files=pdf_file("muistio.pdf"))
    page.get_by_role("button", name="Lataa asiakirja").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(VISIT)
    minutes = page.locator("#minutes-documents")
    expect(minutes.get_by_role("row", name=re.compile(f"Muistio: {VISIT}"))).to_contain_text(
        "Luottamuksellinen"
    )
    check_accessibility(page)
    sign_out(page)

    # Luovi, invited, reads the minutes on the event's page.
    sign_in(page, live_server, "paivi.korhonen@luovi.example")
    page.goto(event_url)
    row = page.locator("#minutes-documents").get_by_role("row", name=re.compile("Muistio"))
    expect(row.locator(".mark")).to_have_text("Luottamuksellinen")
    expect(page.get_by_text("Opettajat tutustuivat pajaan; näytöt sovitaan.")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "document-links-meeting")


def test_the_belongs_to_filter_suggests_what_is_typed(page: Page, live_server: LiveServer) -> None:
    # Parik's coordinator looks for the documents of one workshop period by its reference.
    sign_in(page, live_server, "maria.virtanen@parik.example")
    page.goto(live_server("/documents/?list=shared"))
    field = page.get_by_label("Liittyy")
    field.fill("2026-031")
    suggestions = page.locator("#belongs-suggestions")
    suggestion = suggestions.get_by_role("link", name=f"Pajajakso: {REFERENCE}")
    expect(suggestion).to_be_visible()
    expect(suggestions).to_contain_text("1 ehdotus")
    # Typing does not leave the page: the list is as it was until a suggestion is chosen.
    expect(page).to_have_url(live_server("/documents/?list=shared"))
    check_accessibility(page)
    screenshot(page, "documents-belongs-to-suggestions")
    suggestion.click()
    expect(page).to_have_url(re.compile(r"linked=placement(:|%3A)\d+"))
    expect(page.get_by_text(f"Valittu: Pajajakso: {REFERENCE}")).to_be_visible()
    # The whole page is the list's, not a page inside the results.
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    rows = page.locator("#results tbody tr")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("HOKS-ote pajajaksolle")
    check_accessibility(page)
    # The choice is removed with one link; the whole list is back.
    page.get_by_role("link", name="Poista valinta").click()
    expect(page.get_by_text("Valittu:")).to_have_count(0)
    expect(page.locator("#results tbody tr")).not_to_have_count(1)
    # The page a typed name gives without a script: the list, and the choices under the field.
    # (axe-core runs as a script, so it checks that page here.)
    page.goto(live_server(f"/documents/?list=shared&belongs={REFERENCE}"))
    expect(page.locator("#belongs-suggestions").get_by_role("link")).to_have_count(1)
    check_accessibility(page)


@pytest.fixture
def page_without_js(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="fi-FI", java_script_enabled=False)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def test_the_belongs_to_filter_works_without_javascript(
    page_without_js: Page, live_server: LiveServer
) -> None:
    page = page_without_js
    sign_in(page, live_server, "maria.virtanen@parik.example", javascript=False)
    page.goto(live_server("/documents/?list=shared"))
    page.get_by_label("Liittyy").fill(REFERENCE)
    page.get_by_role("button", name="Hae").click()
    # The typed name filters by itself, and the object it names is offered to choose.
    expect(page).to_have_url(re.compile(r"belongs=LUOVI-2026-031"))
    rows = page.locator("#results tbody tr")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("HOKS-ote pajajaksolle")
    expect(page.get_by_label("Liittyy")).to_have_value(REFERENCE)
    page.locator("#belongs-suggestions").get_by_role("link", name=f"Pajajakso: {REFERENCE}").click()
    expect(page.get_by_text(f"Valittu: Pajajakso: {REFERENCE}")).to_be_visible()
    expect(page.locator("#results tbody tr")).to_have_count(1)


def test_the_upload_form_offers_what_is_typed(page: Page, live_server: LiveServer) -> None:
    # Parik's coordinator shares a document of one workshop period from the documents list.
    sign_in(page, live_server, "maria.virtanen@parik.example")
    page.goto(live_server("/documents/new"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Jaa asiakirja")
    # Nothing is listed before a name is typed.
    expect(page.locator("#belongs-to-choices").get_by_role("radio")).to_have_count(0)
    page.get_by_label("Liittyy").fill("2026-031")
    choices = page.locator("#belongs-to-choices")
    choice = choices.get_by_label(f"Pajajakso: {REFERENCE}")
    expect(choice).to_be_visible()
    # The hand-over meeting of the same period is named by its reference too.
    expect(
        choices.get_by_label(re.compile(f"^Saattaen vaihdon tapaaminen: {REFERENCE}"))
    ).to_be_visible()
    expect(choices).to_contain_text("2 ehdotusta")
    check_accessibility(page)
    screenshot(page, "documents-upload-belongs-to")
    choice.check()
    page.get_by_label("Otsikko").fill("Jakson väliarvio")
    page.get_by_label("Luottamuksellinen", exact=True).check()
    page.get_by_label("Ammattiopisto Luovi").check()
    page.get_by_label("Tiedosto").set_input_files(files=pdf_file("valiarvio.pdf"))
    page.get_by_role("button", name="Lataa asiakirja").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jakson väliarvio")
    expect(page.get_by_role("link", name=f"Pajajakso: {REFERENCE}")).to_be_visible()


def test_the_upload_form_resolves_a_typed_name_without_javascript(
    page_without_js: Page, live_server: LiveServer
) -> None:
    page = page_without_js
    sign_in(page, live_server, "maria.virtanen@parik.example", javascript=False)
    page.goto(live_server("/documents/new"))
    page.get_by_label("Otsikko").fill("Jakson palaute")
    page.get_by_label("Liittyy").fill("Ei tällaista")
    page.get_by_label("Luottamuksellinen", exact=True).check()
    page.get_by_label("Ammattiopisto Luovi").check()
    page.get_by_label("Tiedosto").set_input_files(files=pdf_file("palaute.pdf"))
    page.get_by_role("button", name="Lataa asiakirja").click()
    # Nothing matched: said beside the field, what was typed kept.
    expect(page.locator("#belongs_to-error")).to_contain_text("Nimellä “Ei tällaista” ei löydy")
    expect(page.get_by_label("Liittyy")).to_have_value("Ei tällaista")
    expect(page.get_by_label("Otsikko")).to_have_value("Jakson palaute")
    page.get_by_label("Liittyy").fill(REFERENCE)
    page.get_by_label("Tiedosto").set_input_files(files=pdf_file("palaute.pdf"))
    page.get_by_role("button", name="Lataa asiakirja").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jakson palaute")
    expect(page.get_by_role("link", name=f"Pajajakso: {REFERENCE}")).to_be_visible()
