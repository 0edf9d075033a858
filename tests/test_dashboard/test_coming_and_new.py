""" "Coming up" and "New": what the user sees ahead, and what others did since they looked."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from flask.testing import FlaskClient

from portal.annual_calendar.models import EventStatus
from portal.auth.models import User
from portal.core import dates
from portal.core.models import utcnow
from portal.documents.models import Classification
from portal.extensions import db
from portal.placements.models import PlacementStatus, StepKind
from tests import factories
from tests.conftest import csrf_token_from
from tests.people import People
from tests.test_dashboard.conftest import count_in, sections_of, text_of

S = PlacementStatus
FrontPage = Callable[[User], dict[str, str]]
Login = Callable[[User], FlaskClient]


def test_events_and_periods_of_the_next_six_weeks_are_coming_up(
    people: People, front_page: FrontPage
) -> None:
    today = dates.today()
    factories.EventFactory(
        organiser=people.provider,
        title="Pian",
        day=today + timedelta(days=10),
        invited_parties=[people.workshop],
    )
    factories.EventFactory(
        organiser=people.provider,
        title="Kaukana",
        day=today + timedelta(days=60),
        invited_parties=[people.workshop],
    )
    cancelled = factories.EventFactory(
        organiser=people.provider, title="Peruttu", day=today + timedelta(days=5)
    )
    cancelled.invited_parties = [people.workshop]
    cancelled.status = EventStatus.CANCELLED
    factories.EventFactory(
        organiser=people.provider, title="Luovin oma", day=today + timedelta(days=3)
    )
    factories.PlacementFactory(
        reference="LUOVI-S",
        sender=people.provider,
        receiver=people.workshop,
        status=S.AGREED,
        start_on=today + timedelta(days=7),
        team=[people.workshop_staff],
    )
    factories.PlacementFactory(
        reference="LUOVI-E",
        sender=people.provider,
        receiver=people.workshop,
        status=S.ONGOING,
        start_on=today - timedelta(days=60),
        end_on=today + timedelta(days=20),
    )
    factories.PlacementFactory(
        reference="LUOVI-L",
        sender=people.provider,
        receiver=people.workshop,
        status=S.AGREED,
        start_on=today + timedelta(days=50),
    )
    factories.PlacementFactory(
        reference="LUOVI-D",
        sender=people.provider,
        receiver=people.workshop,
        status=S.DRAFT,
        start_on=today + timedelta(days=8),
    )
    db.session.commit()

    coming = front_page(people.workshop_coordinator)["coming"]
    assert "Events 1 Pian" in coming
    assert "Placements starting and ending 2 LUOVI-S starts" in coming
    assert coming.index("LUOVI-S starts") < coming.index("LUOVI-E ends")
    for absent in ("Kaukana", "Peruttu", "Luovin oma", "LUOVI-L", "LUOVI-D"):
        assert absent not in coming
    assert count_in(coming) == 3
    # Staff of the party see what is coming on the placements whose team they are on (need to
    # know); Kotka sees none of it.
    staff_coming = front_page(people.workshop_staff)["coming"]
    assert "LUOVI-S starts" in staff_coming and "LUOVI-E" not in staff_coming
    assert count_in(front_page(people.outsider)["coming"]) == 0


def test_new_lists_what_others_did_in_the_last_fourteen_days(
    people: People, front_page: FrontPage
) -> None:
    placement = factories.PlacementFactory(
        reference="LUOVI-N",
        sender=people.provider,
        receiver=people.workshop,
        status=S.ACCEPTED,
        versions=1,
        signers=(),
    )
    factories.PlacementStepFactory(
        placement=placement,
        actor=people.provider_coordinator,
        kind=StepKind.SIGNED,
        at=utcnow() - timedelta(days=2),
    )
    old = factories.PlacementFactory(
        reference="LUOVI-O", sender=people.provider, receiver=people.workshop, status=S.SUBMITTED
    )
    factories.PlacementStepFactory(
        placement=old,
        actor=people.provider_coordinator,
        kind=StepKind.SUBMITTED,
        at=utcnow() - timedelta(days=20),
    )
    own = factories.PlacementFactory(
        reference="LUOVI-M", sender=people.provider, receiver=people.workshop, status=S.ACCEPTED
    )
    factories.PlacementStepFactory(
        placement=own,
        actor=people.workshop_coordinator,
        kind=StepKind.ACCEPTED,
        at=utcnow() - timedelta(days=1),
    )
    factories.DocumentFactory(
        created_by=people.provider_coordinator,
        title="Tavoitteet",
        recipients=[people.workshop],
        created_at=utcnow() - timedelta(days=1),
    )
    factories.DocumentFactory(
        created_by=people.provider_coordinator,
        title="Kotkalle",
        recipients=[people.other_workshop],
        created_at=utcnow() - timedelta(days=1),
    )
    factories.DocumentFactory(
        created_by=people.provider_coordinator,
        title="Vanha",
        recipients=[people.workshop],
        created_at=utcnow() - timedelta(days=30),
    )
    factories.DocumentFactory(
        created_by=people.workshop_coordinator,
        title="Oma",
        classification=Classification.INTERNAL,
        created_at=utcnow() - timedelta(days=1),
    )

    new = front_page(people.workshop_coordinator)["new"]
    assert "In the last 14 days." in new
    assert "Documents shared 1 Tavoitteet Confidential" in new
    assert "Placements changed 1 LUOVI-N: Agreement signed" in new
    for absent in ("LUOVI-O", "LUOVI-M", "Kotkalle", "Vanha", "Oma"):
        assert absent not in new
    assert count_in(new) == 2
    # Kotka's coordinator got its own confidential document and nothing of Parik's.
    new = front_page(people.outsider)["new"]
    assert "Kotkalle" in new and "Tavoitteet" not in new and "LUOVI-N" not in new
    # Luovi's staff may not see a confidential document unless the owner allowed it.
    assert "Tavoitteet" not in front_page(people.provider_staff)["new"]


def test_marking_new_as_seen_starts_it_afresh(
    people: People, login: Login, front_page: FrontPage
) -> None:
    placement = factories.PlacementFactory(
        reference="LUOVI-N",
        sender=people.provider,
        receiver=people.workshop,
        status=S.ACCEPTED,
        versions=1,
        signers=(),
    )
    factories.PlacementStepFactory(
        placement=placement,
        actor=people.provider_coordinator,
        kind=StepKind.SIGNED,
        at=utcnow() - timedelta(days=2),
    )
    people.workshop_coordinator.locale = "en"
    client = login(people.workshop_coordinator)
    response = client.post("/new/seen")
    assert response.status_code == 303 and response.headers["Location"] == "/"
    new = front_page(people.workshop_coordinator)["new"]
    assert "LUOVI-N" not in new and "Nothing new." in new
    assert "Since you marked them seen on" in new
    assert "Mark as seen" not in new

    factories.PlacementStepFactory(
        placement=placement,
        actor=people.provider_coordinator,
        kind=StepKind.AMENDED,
        at=utcnow() - timedelta(days=-0.001),
    )
    assert "LUOVI-N: Amendment proposed" in front_page(people.workshop_coordinator)["new"]
    # Another user's "New" is their own.
    assert "LUOVI-N" not in front_page(people.provider_coordinator)["new"]


def test_marking_seen_with_htmx_swaps_only_the_section(people: People, login: Login) -> None:
    placement = factories.PlacementFactory(
        reference="LUOVI-N",
        sender=people.provider,
        receiver=people.workshop,
        status=S.ACCEPTED,
        versions=1,
        signers=(),
    )
    factories.PlacementStepFactory(
        placement=placement,
        actor=people.provider_coordinator,
        kind=StepKind.SIGNED,
        at=utcnow() - timedelta(days=2),
    )
    people.workshop_coordinator.locale = "en"
    response = login(people.workshop_coordinator).post("/new/seen", headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in html and html.lstrip().startswith(
        '<section class="card dashboard-section" id="new"'
    )
    assert "Marked as seen." in text_of(html) and "LUOVI-N" not in html


def test_marking_seen_needs_the_csrf_token(
    people: People, login: Login, csrf_enabled: None
) -> None:
    factories.DocumentFactory(
        created_by=people.provider_coordinator,
        title="Tavoitteet",
        recipients=[people.workshop],
        created_at=utcnow() - timedelta(days=1),
    )
    client = login(people.workshop_coordinator)
    assert client.post("/new/seen").status_code == 400
    token = csrf_token_from(client.get("/").get_data(as_text=True))
    assert client.post("/new/seen", headers={"X-CSRFToken": token}).status_code == 303


def test_the_front_page_of_each_role(people: People, front_page: FrontPage) -> None:
    """One situation, four front pages: each sees what their role and party allow."""
    today = dates.today()
    factories.PlacementFactory(
        reference="LUOVI-A", sender=people.provider, receiver=people.workshop, status=S.SUBMITTED
    )
    factories.PlacementFactory(
        reference="PARIK-B",
        sender=people.workshop,
        receiver=people.provider,
        status=S.ACCEPTED,
        versions=1,
        signers=(),
    )
    factories.EventFactory(
        organiser=people.workshop,
        title="Vaihto",
        day=today + timedelta(days=4),
        invited_parties=[people.provider],
    )
    pages = {
        who: front_page(getattr(people, who))
        for who in ("workshop_coordinator", "workshop_staff", "provider_coordinator", "outsider")
    }
    assert (
        "LUOVI-A" in pages["workshop_coordinator"]["waiting"]
        and "PARIK-B" in pages["workshop_coordinator"]["waiting"]
    )
    assert count_in(pages["workshop_coordinator"]["waiting"]) == 2
    assert count_in(pages["workshop_staff"]["waiting"]) == 0
    assert (
        "PARIK-B" in pages["provider_coordinator"]["waiting"]
        and "Vaihto" in pages["provider_coordinator"]["waiting"]
    )
    assert count_in(pages["provider_coordinator"]["waiting"]) == 2  # to sign, and to answer
    assert (
        "Vaihto" in pages["workshop_staff"]["coming"]
        and "Vaihto" in pages["provider_coordinator"]["coming"]
    )
    assert all(count_in(section) == 0 for section in pages["outsider"].values())


def test_the_front_page_keeps_its_cards(people: People, login: Login) -> None:
    people.workshop_coordinator.locale = "en"
    html = login(people.workshop_coordinator).get("/").get_data(as_text=True)
    sections = sections_of(html)
    assert "Nothing waits for you just now." in sections["waiting"]
    for heading in ("Latest notifications", "Agreement", "Your organisation"):
        assert f">{heading}</h2>" in html


def test_a_new_version_of_an_older_document_is_new_again(
    people: People, front_page: FrontPage
) -> None:
    old = factories.DocumentFactory(
        created_by=people.provider_coordinator,
        title="Vanha",
        recipients=[people.workshop],
        created_at=utcnow() - timedelta(days=30),
    )
    factories.DocumentVersionFactory(document=old, uploaded_at=utcnow() - timedelta(days=1))
    factories.DocumentFactory(
        created_by=people.provider_coordinator,
        title="Tuore",
        recipients=[people.workshop],
        created_at=utcnow() - timedelta(days=2),
    )

    new = front_page(people.workshop_coordinator)["new"]
    # The newest version first, with its number; a document new in the window is "shared".
    assert "Documents shared 2 Vanha Confidential" in new
    assert new.index("Vanha") < new.index("Tuore")
    assert "Ammattiopisto Luovi · version 2" in new
    assert "Ammattiopisto Luovi · shared" in new


def test_documents_shared_lists_eight_and_counts_them_all(
    people: People, front_page: FrontPage
) -> None:
    for n in range(10):
        factories.DocumentFactory(
            created_by=people.provider_coordinator,
            title=f"Ote {n}",
            recipients=[people.workshop],
            created_at=utcnow() - timedelta(hours=n + 1),
        )

    new = front_page(people.workshop_coordinator)["new"]
    assert "Documents shared 10" in new
    # The newest eight, newest first; the two oldest are behind the link to the list.
    shown = [f"Ote {n}" for n in range(10) if f"Ote {n} " in new]
    assert shown == [f"Ote {n}" for n in range(8)]
    assert new.index("Ote 0") < new.index("Ote 7")
