"""The annual calendar in a browser: a meeting and a staff exchange on the wheel and in the
month list, an answer to the invitation, the .ics download and the feed address."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import vobject
from playwright.sync_api import Page, expect

from portal.core.dates import today
from tests.browser.conftest import LiveServer, check_accessibility, screenshot, sign_in

MEETING = "Kevään suunnittelutapaaminen"
EXCHANGE = "Työntekijävaihto: opinto-ohjaaja Kymsotessa"


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Kirjaudu ulos").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kirjaudu Siltaan")


def weekday_after(days: int, weekday: int = 1) -> date:
    day = today() + timedelta(days=days)
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def create_meeting(page: Page, day: date) -> None:
    page.get_by_role("link", name="Uusi tapahtuma").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uusi tapahtuma")
    check_accessibility(page)
    page.get_by_label("Tyyppi").select_option(label="Vastuuhenkilöiden tapaaminen")
    page.get_by_label("Tapahtuman nimi").fill(MEETING)
    page.get_by_label("Alkamispäivä").fill(day.isoformat())
    page.get_by_label("Alkamisaika").fill("09:00")
    page.get_by_label("Päättymisaika").fill("11:30")
    page.get_by_label("Paikka").fill("Luovi Kouvola, Paraatikenttä 7")
    page.get_by_label("Esityslista").fill("1. Toimenpiteiden seuranta\n2. Vuosikello")
    page.locator("#parties").get_by_label("Parik-säätiö").check()
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(MEETING)
    expect(page.get_by_text("Tapahtuma on lisätty vuosikalenteriin.")).to_be_visible()
    check_accessibility(page)


def create_exchange(page: Page, first: date) -> None:
    page.get_by_role("navigation", name="Päävalikko").get_by_role(
        "link", name="Vuosikalenteri"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vuosikalenteri")
    page.get_by_role("link", name="Uusi tapahtuma").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uusi tapahtuma")
    page.get_by_label("Tyyppi").select_option(label="Työntekijävaihto")
    page.get_by_label("Tapahtuman nimi").fill(EXCHANGE)
    page.get_by_label("Koko päivän tapahtuma").check()
    # All day: the times are hidden without a line of script.
    expect(page.get_by_label("Alkamisaika")).to_be_hidden()
    page.get_by_label("Alkamispäivä").fill(first.isoformat())
    page.get_by_label("Päättymispäivä").fill((first + timedelta(days=2)).isoformat())
    page.get_by_label("Vieras", exact=True).select_option(label="Mikko Laine")
    page.get_by_label("Vieraan rooli").select_option(label="Opinto-ohjaaja")
    # Wrong on purpose: the guest's own party cannot host them.
    page.get_by_label("Isäntäosapuoli").select_option(label="Ammattiopisto Luovi")
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Vieraan ja isännän täytyy olla eri osapuolista."
    )
    expect(page.get_by_label("Tapahtuman nimi")).to_have_value(EXCHANGE)
    check_accessibility(page)
    page.get_by_label("Isäntäosapuoli").select_option(
        label="Kymenlaakson sosiaali- ja terveyspalvelujen kuntayhtymä"
    )
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(EXCHANGE)
    expect(page.locator("dl.facts")).to_contain_text("3 päivää")
    expect(page.locator("dl.facts")).to_contain_text("Mikko Laine, Opinto-ohjaaja")
    check_accessibility(page)


def test_coordinator_plans_a_meeting_and_a_staff_exchange_and_a_partner_answers(
    page: Page, live_server: LiveServer, tmp_path: Path
) -> None:
    meeting_day = weekday_after(10)
    exchange_day = weekday_after(17, 0)
    sign_in(page, live_server, "paivi.korhonen@luovi.example")
    page.get_by_role("navigation", name="Päävalikko").get_by_role(
        "link", name="Vuosikalenteri"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vuosikalenteri")
    check_accessibility(page)
    create_meeting(page, meeting_day)
    create_exchange(page, exchange_day)

    # The wheel of the meeting's year: each event is a link in the picture and in the list.
    page.goto(live_server(f"/calendar/?year={meeting_day.year}"))
    wheel = page.locator("svg.wheel__svg")
    meeting_arc = wheel.get_by_role("link", name=re.compile(MEETING))
    expect(meeting_arc).to_have_count(1)
    expect(meeting_arc).to_have_accessible_name(re.compile("^Vastuuhenkilöiden tapaaminen: "))
    if exchange_day.year == meeting_day.year:
        expect(
            wheel.get_by_role("link", name=re.compile("opinto-ohjaaja Kymsotessa"))
        ).to_have_count(1)
    expect(page.locator(".wheel__today")).to_have_count(
        1 if meeting_day.year == today().year else 0
    )
    expect(page.locator(".wheel-list").get_by_role("link", name=MEETING)).to_be_visible()
    check_accessibility(page)
    screenshot(page, "calendar-wheel")
    # Keyboard: the arc takes the focus and opens the event.
    meeting_arc.focus()
    expect(meeting_arc).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(MEETING)

    # The month list, filtered in place by kind.
    page.goto(live_server(f"/calendar/month?year={meeting_day.year}&month={meeting_day.month}"))
    view = page.locator("#calendar-view")
    expect(view.get_by_role("row", name=re.compile(MEETING))).to_contain_text("9.00–11.30")
    check_accessibility(page)
    page.get_by_label("Tyyppi").select_option(label="Työntekijävaihto")
    expect(view.get_by_role("link", name=MEETING)).to_have_count(0)
    expect(page).to_have_url(re.compile("kind=staff_exchange"))
    sign_out(page)

    # Parik's coordinator is told, answers and downloads the meeting into her calendar.
    sign_in(page, live_server, "maria.virtanen@parik.example")
    page.get_by_role("link", name=re.compile("^Ilmoitukset")).click()
    page.get_by_role(
        "link", name=re.compile(f"Ammattiopisto Luovi kutsuu sinut: {MEETING}")
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(MEETING)
    check_accessibility(page)
    page.get_by_role("button", name="Kyllä").click()
    answer = page.locator("#answer")
    expect(answer).to_contain_text("Vastauksesi on tallennettu.")
    expect(answer.get_by_role("button", name="Kyllä")).to_have_attribute("aria-pressed", "true")
    check_accessibility(page)
    screenshot(page, "calendar-event")
    with page.expect_download() as info:
        page.get_by_role("link", name="Lataa kalenteriisi (.ics)").click()
    path = tmp_path / "meeting.ics"
    info.value.save_as(path)
    [event] = vobject.readOne(path.read_text()).contents["vevent"]
    assert event.summary.value == MEETING
    start = datetime.combine(meeting_day, datetime.min.time()).replace(hour=9)
    assert event.dtstart.value.replace(tzinfo=None) == start
    assert event.dtstart.value.astimezone(UTC).hour in (6, 7)
    sign_out(page)

    # The organiser sees who comes.
    sign_in(page, live_server, "paivi.korhonen@luovi.example")
    page.goto(live_server(f"/calendar/month?year={meeting_day.year}&month={meeting_day.month}"))
    page.get_by_role("link", name=MEETING).click()
    answers = page.locator("#answer")
    expect(answers.get_by_role("row", name=re.compile("Maria Virtanen"))).to_contain_text("Kyllä")


def test_person_makes_and_renews_a_calendar_address(page: Page, live_server: LiveServer) -> None:
    sign_in(page, live_server, "mikko.laine@luovi.example")
    page.goto(live_server("/calendar/"))
    page.get_by_role("link", name="Tilaa omaan kalenteriisi").click()
    check_accessibility(page)
    page.get_by_role("button", name="Tee kalenteriosoitteeni").click()
    address = page.get_by_label("Kopioi osoite kalenteriisi nyt")
    first = address.input_value()
    assert re.match(r"^http://127\.0\.0\.1:\d+/calendar/feed/[\w-]+\.ics$", first)
    check_accessibility(page)
    screenshot(page, "calendar-feed")
    feed = page.request.get(first)
    assert feed.status == 200
    titles = {e.summary.value for e in vobject.readOne(feed.text()).contents["vevent"]}
    assert "Työntekijävaihto: opinto-ohjaaja Parik-säätiössä" in titles

    page.get_by_role("button", name="Tee uusi osoite").click()
    expect(
        page.get_by_text("Sinulla on uusi kalenteriosoite. Vanha ei enää toimi.")
    ).to_be_visible()
    renewed = page.get_by_label("Kopioi osoite kalenteriisi nyt")
    expect(renewed).not_to_have_value(first)
    second = renewed.input_value()
    assert page.request.get(first).status == 404
    assert page.request.get(second).status == 200


def test_organisers_pages_are_accessible(page: Page, live_server: LiveServer) -> None:
    """The year overview, and the edit, minutes and cancel pages of the demo's held meeting."""
    # The demo held the meeting on the Tuesday after fifty days ago.
    held = weekday_after(-50)
    sign_in(page, live_server, "maria.virtanen@parik.example")
    page.goto(live_server(f"/calendar/year?year={held.year}"))
    expect(page.get_by_role("table")).to_contain_text("Vastuuhenkilöiden tapaaminen")
    check_accessibility(page)
    page.get_by_role("link", name="Vastuuhenkilöiden tapaaminen", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vastuuhenkilöiden tapaaminen")
    expect(page.get_by_role("heading", name="Päätökset ja toimenpiteet")).to_be_visible()
    check_accessibility(page)
    for link, heading in (
        ("Muokkaa", "Muokkaa: Vastuuhenkilöiden tapaaminen"),
        ("Muokkaa muistiota", "Muistio: Vastuuhenkilöiden tapaaminen"),
        ("Peru tapahtuma", "Peru: Vastuuhenkilöiden tapaaminen"),
    ):
        page.get_by_role("link", name=link, exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        check_accessibility(page)
        page.go_back()
