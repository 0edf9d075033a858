""" "Coming up" and "New": what the user sees ahead, and what others did since they looked."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from flask.testing import FlaskClient

from portal.annual_calendar.models import EventStatus
from portal.auth.models import User
from portal.documents.models import Classification
from portal.extensions import db
from portal.placements.models import PlacementStatus, StepKind
from tests.conftest import csrf_token_from
from tests.test_dashboard.conftest import (
    People,
    add_step,
    count_in,
    make_document,
    make_event,
    make_placement,
    sections_of,
    text_of,
)

S = PlacementStatus
FrontPage = Callable[[User], dict[str, str]]
Login = Callable[[User], FlaskClient]


def test_events_and_periods_of_the_next_six_weeks_are_coming_up(
    people: People, front_page: FrontPage
) -> None:
    today = date.today()
    make_event(people.luovi, "Pian", today + timedelta(days=10), parties=(people.parik,))
    make_event(people.luovi, "Kaukana", today + timedelta(days=60), parties=(people.parik,))
    cancelled = make_event(people.luovi, "Peruttu", today + timedelta(days=5))
    cancelled.invited_parties = [people.parik]
    cancelled.status = EventStatus.CANCELLED
    make_event(people.luovi, "Luovin oma", today + timedelta(days=3))
    make_placement(
        "LUOVI-S", people.luovi, people.parik, S.AGREED, start_on=today + timedelta(days=7)
    )
    make_placement(
        "LUOVI-E",
        people.luovi,
        people.parik,
        S.ONGOING,
        start_on=today - timedelta(days=60),
        end_on=today + timedelta(days=20),
    )
    make_placement(
        "LUOVI-L", people.luovi, people.parik, S.AGREED, start_on=today + timedelta(days=50)
    )
    make_placement(
        "LUOVI-D", people.luovi, people.parik, S.DRAFT, start_on=today + timedelta(days=8)
    )
    db.session.commit()

    coming = front_page(people.maria)["coming"]
    assert "Events 1 Pian" in coming
    assert "Placements starting and ending 2 LUOVI-S starts" in coming
    assert coming.index("LUOVI-S starts") < coming.index("LUOVI-E ends")
    for absent in ("Kaukana", "Peruttu", "Luovin oma", "LUOVI-L", "LUOVI-D"):
        assert absent not in coming
    assert count_in(coming) == 3
    # Staff of the party see what is coming too; Kotka sees none of it.
    assert "LUOVI-S starts" in front_page(people.sanna)["coming"]
    assert count_in(front_page(people.olli)["coming"]) == 0


def test_new_lists_what_others_did_in_the_last_fourteen_days(
    people: People, front_page: FrontPage
) -> None:
    placement = make_placement("LUOVI-N", people.luovi, people.parik, S.ACCEPTED, versions=1)
    add_step(placement, people.paivi, StepKind.SIGNED, days_ago=2)
    old = make_placement("LUOVI-O", people.luovi, people.parik, S.SUBMITTED)
    add_step(old, people.paivi, StepKind.SUBMITTED, days_ago=20)
    own = make_placement("LUOVI-M", people.luovi, people.parik, S.ACCEPTED)
    add_step(own, people.maria, StepKind.ACCEPTED, days_ago=1)
    make_document(people.paivi, "Tavoitteet", recipients=(people.parik,), days_ago=1)
    make_document(people.paivi, "Kotkalle", recipients=(people.kotka,), days_ago=1)
    make_document(people.paivi, "Vanha", recipients=(people.parik,), days_ago=30)
    make_document(people.maria, "Oma", Classification.INTERNAL, days_ago=1)

    new = front_page(people.maria)["new"]
    assert "In the last 14 days." in new
    assert "Documents shared 1 Tavoitteet Confidential" in new
    assert "Placements changed 1 LUOVI-N: Agreement signed" in new
    for absent in ("LUOVI-O", "LUOVI-M", "Kotkalle", "Vanha", "Oma"):
        assert absent not in new
    assert count_in(new) == 2
    # Kotka's coordinator got its own confidential document and nothing of Parik's.
    new = front_page(people.olli)["new"]
    assert "Kotkalle" in new and "Tavoitteet" not in new and "LUOVI-N" not in new
    # Luovi's staff may not see a confidential document unless the owner allowed it.
    assert "Tavoitteet" not in front_page(people.mikko)["new"]


def test_marking_new_as_seen_starts_it_afresh(
    people: People, login: Login, front_page: FrontPage
) -> None:
    placement = make_placement("LUOVI-N", people.luovi, people.parik, S.ACCEPTED, versions=1)
    add_step(placement, people.paivi, StepKind.SIGNED, days_ago=2)
    people.maria.locale = "en"
    client = login(people.maria)
    response = client.post("/new/seen")
    assert response.status_code == 303 and response.headers["Location"] == "/"
    new = front_page(people.maria)["new"]
    assert "LUOVI-N" not in new and "Nothing new." in new
    assert "Since you marked them seen on" in new
    assert "Mark as seen" not in new

    add_step(placement, people.paivi, StepKind.AMENDED, days_ago=-0.001)
    assert "LUOVI-N: Amendment proposed" in front_page(people.maria)["new"]
    # Another user's "New" is their own.
    assert "LUOVI-N" not in front_page(people.paivi)["new"]


def test_marking_seen_with_htmx_swaps_only_the_section(people: People, login: Login) -> None:
    placement = make_placement("LUOVI-N", people.luovi, people.parik, S.ACCEPTED, versions=1)
    add_step(placement, people.paivi, StepKind.SIGNED, days_ago=2)
    people.maria.locale = "en"
    response = login(people.maria).post("/new/seen", headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in html and html.lstrip().startswith(
        '<section class="card dashboard-section" id="new"'
    )
    assert "Marked as seen." in text_of(html) and "LUOVI-N" not in html


def test_marking_seen_needs_the_csrf_token(
    people: People, login: Login, csrf_enabled: None
) -> None:
    make_document(people.paivi, "Tavoitteet", recipients=(people.parik,), days_ago=1)
    client = login(people.maria)
    assert client.post("/new/seen").status_code == 400
    token = csrf_token_from(client.get("/").get_data(as_text=True))
    assert client.post("/new/seen", headers={"X-CSRFToken": token}).status_code == 303


def test_the_front_page_of_each_role(people: People, front_page: FrontPage) -> None:
    """One situation, four front pages: each sees what their role and party allow."""
    today = date.today()
    make_placement("LUOVI-A", people.luovi, people.parik, S.SUBMITTED)
    make_placement("PARIK-B", people.parik, people.luovi, S.ACCEPTED, versions=1)
    make_event(people.parik, "Vaihto", today + timedelta(days=4), parties=(people.luovi,))
    pages = {who: front_page(getattr(people, who)) for who in ("maria", "sanna", "paivi", "olli")}
    assert "LUOVI-A" in pages["maria"]["waiting"] and "PARIK-B" in pages["maria"]["waiting"]
    assert count_in(pages["maria"]["waiting"]) == 2
    assert count_in(pages["sanna"]["waiting"]) == 0
    assert "PARIK-B" in pages["paivi"]["waiting"] and "Vaihto" in pages["paivi"]["waiting"]
    assert count_in(pages["paivi"]["waiting"]) == 2  # to sign, and to answer
    assert "Vaihto" in pages["sanna"]["coming"] and "Vaihto" in pages["paivi"]["coming"]
    assert all(count_in(section) == 0 for section in pages["olli"].values())


def test_the_front_page_keeps_its_cards(people: People, login: Login) -> None:
    people.maria.locale = "en"
    html = login(people.maria).get("/").get_data(as_text=True)
    sections = sections_of(html)
    assert "Nothing waits for you just now." in sections["waiting"]
    for heading in ("Latest notifications", "Agreement", "Your organisation"):
        assert f">{heading}</h2>" in html
