"""What coordinators stumbled on along whole journeys (issue 15): the price warned about as it
is chosen, every checkbox beside its label, and the last quota place lost to another
coordinator said above the form with what was typed kept — axe-core on every page."""

from __future__ import annotations

import re
from datetime import timedelta

import sqlalchemy as sa
from playwright.sync_api import Browser, Page, expect

from portal.annual_calendar import service as calendar_service
from portal.annual_calendar.details import EventDetails, ExchangeDetails
from portal.annual_calendar.models import EventKind, ExchangeRole
from portal.auth.models import User
from portal.core.dates import today
from portal.extensions import db
from portal.parties.models import Party, Unit
from portal.quotas import service as quota_service
from tests.browser.conftest import (
    LiveServer,
    check_accessibility,
    screenshot,
    settled,
    sign_in,
)


def iso(days: int) -> str:
    return (today() + timedelta(days=days)).isoformat()


def test_the_price_is_weighed_against_the_level_as_it_is_chosen(
    page: Page, live_server: LiveServer
) -> None:
    sign_in(page, live_server, "mikko.laine@luovi.example")
    page.goto(live_server("/placements/new/to-workshop"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Uusi pyyntö: pajajakso")
    settled(page)
    advice = page.locator("#price-advice")
    expect(advice).to_be_empty()

    page.get_by_role("radio", name=re.compile("^Keskitaso")).check()
    expect(advice).to_contain_text("Suositus tälle tukitasolle: 40–80 € päivässä.")
    page.get_by_label("Opiskelijapäivähinta (€)").fill("95")
    # Said before saving: nothing was posted, the warning came as the price was typed.
    expect(advice.locator(".warning-text")).to_contain_text("suositushaarukan (40–80 € päivässä)")
    check_accessibility(page)
    screenshot(page, "placement-price-advice")

    page.get_by_role("radio", name=re.compile("^Vaativa")).check()
    expect(advice).to_contain_text("alkaen 70 € päivässä")
    expect(advice.locator(".warning-text")).to_have_count(0)

    # The draft's edit form warns too, as soon as it is shown.
    page.get_by_role("radio", name=re.compile("^Perustaso")).check()
    expect(advice.locator(".warning-text")).to_be_visible()
    page.get_by_label("Tunniste").fill("LUOVI-2026-077")
    page.get_by_label("Nimikirjaimet").fill("J.P.")
    page.get_by_label("Vastaanottava osapuoli").select_option(label="Parik-säätiö")
    page.get_by_label("Alkaa", exact=True).fill(iso(14))
    page.get_by_label("Päättyy", exact=True).fill(iso(14 + 120))
    page.get_by_label("Jakson HOKS-tavoitteet").fill("Työelämätaidot.")
    page.get_by_label("Tutkinnon osat").fill("Puutuotteiden valmistus")
    page.get_by_label("Perustelu suositushaarukan ulkopuoliselle hinnalle").fill(
        "Sisältää yksilövalmennuksen joka päivä."
    )
    settled(page)
    page.get_by_role("button", name="Tallenna luonnos").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pajajakso: LUOVI-2026-077")
    page.get_by_role("link", name="Muokkaa", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Muokkaa luonnosta")
    expect(page.locator("#price-advice .warning-text")).to_contain_text(
        "suositushaarukan (30–45 € päivässä)"
    )
    check_accessibility(page)


def test_a_checkbox_and_its_long_label_are_one_control(page: Page, live_server: LiveServer) -> None:
    # As on a phone or in a narrow window, where the long label cannot fit on one line.
    page.set_viewport_size({"width": 480, "height": 900})
    sign_in(page, live_server, "sanna.nieminen@parik.example")
    page.goto(live_server("/placements/new/to-studies"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Uusi pyyntö: siirtyminen opintoihin")
    check_accessibility(page)
    box = page.get_by_label(re.compile("^Vaikutus toimeentuloon"))
    label = page.locator(f'label[for="{box.get_attribute("id")}"]')
    box_area, label_area = box.bounding_box(), label.bounding_box()
    assert box_area and label_area
    assert label_area["height"] > 2 * box_area["height"], "the label wraps"
    # The label starts beside the box, on its line, and wraps under itself, not under the box.
    assert label_area["x"] >= box_area["x"] + box_area["width"]
    assert label_area["y"] < box_area["y"] + box_area["height"]
    hint = page.locator("#livelihood_checked-hint")
    hint_area = hint.bounding_box()
    assert hint_area and abs(hint_area["x"] - label_area["x"]) < 2
    # Clicking the label ticks the box: one control.
    label.click()
    expect(box).to_be_checked()
    page.locator(".field--checkbox").filter(has=box).scroll_into_view_if_needed()
    screenshot(page, "placement-livelihood-check")


def _quota_of_one_place(live_server: LiveServer) -> int:
    """Parik keeps one place of its wood workshop for Luovi, made through the service."""
    with live_server.app.test_request_context():
        maria = db.session.scalars(
            sa.select(User).where(User.email == "maria.virtanen@parik.example")
        ).one()
        luovi = db.session.scalars(
            sa.select(Party).where(Party.name == "Ammattiopisto Luovi")
        ).one()
        unit = db.session.scalars(
            sa.select(Unit).where(
                Unit.party_id == maria.party_id, Unit.name == "Puu- ja metallityö"
            )
        ).one()
        quota = quota_service.create_quota(
            maria,
            quota_service.QuotaDetails(
                unit=unit,
                provider=luovi,
                field_name="Kilpailtu ala",
                start_on=today() + timedelta(days=7),
                end_on=today() + timedelta(days=120),
                places=1,
                reply_by=today() + timedelta(days=5),
            ),
        )
        db.session.commit()
        return quota.id


def test_the_last_place_lost_to_another_coordinator_is_said_above_the_form(
    browser: Browser, live_server: LiveServer
) -> None:
    quota_id = _quota_of_one_place(live_server)
    pages = []
    for _ in range(2):
        context = browser.new_context(locale="fi-FI", viewport={"width": 1280, "height": 900})
        context.set_default_timeout(10_000)
        pages.append(context.new_page())
    first, second = pages
    try:
        for page in pages:
            sign_in(page, live_server, "paivi.korhonen@luovi.example")
            page.goto(live_server(f"/quotas/{quota_id}"))
            expect(page.locator("#free-count")).to_have_text("1")
        forms = [
            page.locator(".quota-fill__form").filter(has_text="Nimetyllä varauksella")
            for page in pages
        ]
        for form, reference in zip(forms, ("LUOVI-VARAUS-31", "LUOVI-VARAUS-32"), strict=True):
            form.get_by_label("Pseudonyymi tunniste").fill(reference)
            form.get_by_label("Alkaen").fill(iso(7))
            form.get_by_label("Päättyen").fill(iso(60))

        forms[0].get_by_role("button", name="Varaa paikka").click()
        expect(first.locator("#free-count")).to_have_text("0")
        forms[1].get_by_role("button", name="Varaa paikka").click()

        # The second is told above the form; what it typed is still there; the counts are new.
        form = second.locator(".quota-fill__form").filter(has_text="Nimetyllä varauksella")
        summary = form.get_by_role("alert")
        expect(summary).to_contain_text("Paikka varattiin juuri")
        expect(form.get_by_label("Pseudonyymi tunniste")).to_have_value("LUOVI-VARAUS-32")
        expect(form.get_by_label("Alkaen")).to_have_value(iso(7))
        expect(form.get_by_label("Alkaen")).not_to_have_attribute("aria-invalid", "true")
        expect(second.locator("#free-count")).to_have_text("0")
        expect(second.locator(".quota-place-table")).to_contain_text("LUOVI-VARAUS-31")
        summary_box, form_box = summary.bounding_box(), form.locator("form").bounding_box()
        assert summary_box and form_box and summary_box["y"] < form_box["y"]
        check_accessibility(second)
        screenshot(second, "quota-place-taken")
    finally:
        for page in pages:
            page.context.close()


def _exchange_for_luovi_to_name(live_server: LiveServer) -> int:
    """Parik hosts a study counsellor of Luovi; who comes is Luovi's to say."""
    with live_server.app.test_request_context():
        maria = db.session.scalars(
            sa.select(User).where(User.email == "maria.virtanen@parik.example")
        ).one()
        luovi = db.session.scalars(
            sa.select(Party).where(Party.name == "Ammattiopisto Luovi")
        ).one()
        start = today() + timedelta(days=40)
        event = calendar_service.create_event(
            maria,
            EventDetails(
                kind=EventKind.STAFF_EXCHANGE,
                title="Opinto-ohjaaja tutustuu pajaan",
                start_date=start,
                end_date=start + timedelta(days=2),
                all_day=True,
                exchange=ExchangeDetails(
                    guest_id=None,
                    guest_party_id=luovi.id,
                    host_party_id=maria.party_id,
                    guest_role=ExchangeRole.STUDY_COUNSELLOR,
                ),
            ),
        )
        db.session.commit()
        return event.id


def test_the_guest_party_names_its_visitor(page: Page, live_server: LiveServer) -> None:
    event_id = _exchange_for_luovi_to_name(live_server)
    sign_in(page, live_server, "maria.virtanen@parik.example")
    page.goto(live_server(f"/calendar/events/{event_id}"))
    expect(page.locator(".facts")).to_contain_text("Ammattiopisto Luovi nimeää myöhemmin")
    # The host is shown no list of Luovi's staff.
    expect(page.locator("body")).not_to_contain_text("Mikko Laine")
    expect(page.locator("select[name=visitor]")).to_have_count(0)
    check_accessibility(page)
    page.get_by_role("button", name="Kirjaudu ulos").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kirjaudu Siltaan")

    sign_in(page, live_server, "paivi.korhonen@luovi.example")
    page.goto(live_server(f"/calendar/events/{event_id}"))
    expect(page.get_by_role("heading", name="Organisaatiosi vierailija")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "calendar-exchange-visitor")
    page.get_by_label("Vierailijamme").select_option(label="Mikko Laine, Opinto-ohjaaja")
    page.get_by_role("button", name="Nimeä vierailija").click()
    expect(page.get_by_text("Mikko Laine on nimetty vierailijaksi ja kutsuttu.")).to_be_visible()
    expect(page.locator(".facts")).to_contain_text("VierasMikko Laine, Opinto-ohjaaja")
    check_accessibility(page)
