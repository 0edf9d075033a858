""" "Waiting for me": each role sees what it may act on, and nothing it may not see."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from flask.testing import FlaskClient

from portal.annual_calendar.models import ActionState, Answer, EventStatus, Invitation
from portal.auth.models import Role, User
from portal.documents.models import DisclosureStatus
from portal.extensions import db
from portal.placements.models import PlacementSignature, PlacementStatus
from tests.test_dashboard.conftest import (
    People,
    count_in,
    make_action_item,
    make_disclosure_request,
    make_document,
    make_event,
    make_placement,
)

S = PlacementStatus
FrontPage = Callable[[User], dict[str, str]]


def test_a_request_waits_for_the_receiving_coordinators_decision(
    people: People, front_page: FrontPage
) -> None:
    make_placement("LUOVI-1", people.luovi, people.parik, S.SUBMITTED)
    waiting = front_page(people.maria)["waiting"]
    assert "Requests to decide 1 Request LUOVI-1" in waiting
    assert "Workshop period · Ammattiopisto Luovi" in waiting
    assert count_in(waiting) == 1
    # The sender waits for the decision; staff do not decide; Kotka sees nothing of it.
    for other in (people.paivi, people.sanna, people.mikko, people.olli):
        waiting = front_page(other)["waiting"]
        assert "LUOVI-1" not in waiting and count_in(waiting) == 0


def test_a_draft_waits_for_nobody_on_the_other_side(people: People, front_page: FrontPage) -> None:
    make_placement("LUOVI-2", people.luovi, people.parik, S.DRAFT)
    page = front_page(people.maria)
    assert "LUOVI-2" not in " ".join(page.values())


def test_an_agreement_waits_for_each_party_until_it_has_signed(
    people: People, front_page: FrontPage
) -> None:
    placement = make_placement("LUOVI-3", people.luovi, people.parik, S.ACCEPTED, versions=1)
    for coordinator in (people.maria, people.paivi):
        assert "Agreements to sign 1 Agreement of LUOVI-3" in front_page(coordinator)["waiting"]
    for staff in (people.sanna, people.mikko):
        assert "LUOVI-3" not in front_page(staff)["waiting"]

    latest = placement.agreements[-1]
    latest.signatures.append(
        PlacementSignature(
            party_id=people.luovi.id, signer_name="Päivi", signer_role=Role.COORDINATOR
        )
    )
    db.session.commit()
    assert "LUOVI-3" in front_page(people.maria)["waiting"]
    assert "LUOVI-3" not in front_page(people.paivi)["waiting"]


def test_an_amendment_waits_for_both_signatures_again(
    people: People, front_page: FrontPage
) -> None:
    make_placement(
        "LUOVI-4", people.luovi, people.parik, S.ONGOING, versions=2, signed_by=(people.parik,)
    )
    assert "amendment, version 2" in front_page(people.paivi)["waiting"]
    assert "LUOVI-4" not in front_page(people.maria)["waiting"]


def test_nothing_to_sign_once_the_placement_has_ended(
    people: People, front_page: FrontPage
) -> None:
    make_placement("LUOVI-5", people.luovi, people.parik, S.COMPLETED, versions=2)
    assert "LUOVI-5" not in front_page(people.maria)["waiting"]


def test_a_withdrawn_party_starts_no_new_agreement(people: People, front_page: FrontPage) -> None:
    make_placement("LUOVI-6", people.luovi, people.parik, S.ACCEPTED, versions=1)
    people.luovi.withdrawn_on = date.today() - timedelta(days=1)
    db.session.commit()
    assert "LUOVI-6" not in front_page(people.maria)["waiting"]


def test_a_disclosure_request_waits_for_the_owners_coordinators(
    people: People, front_page: FrontPage
) -> None:
    document = make_document(people.paivi, "Pajajakson tavoitteet", recipients=(people.parik,))
    request = make_disclosure_request(document, people.maria)
    waiting = front_page(people.paivi)["waiting"]
    assert "Disclosure requests to answer 1 Pajajakson tavoitteet" in waiting
    assert "Confidential" in waiting  # the document's mark shows wherever the document does
    assert "Parik-säätiö asks to disclose it to Kela" in waiting
    for other in (people.mikko, people.maria, people.sanna, people.olli):
        assert "Pajajakson tavoitteet" not in front_page(other)["waiting"]

    assert request.status == DisclosureStatus.PENDING  # read, as the service reads it
    request.status = DisclosureStatus.GRANTED
    db.session.commit()
    assert "Pajajakson tavoitteet" not in front_page(people.paivi)["waiting"]


def test_the_owner_sees_their_action_items_due_within_two_weeks_or_overdue(
    people: People, front_page: FrontPage
) -> None:
    today = date.today()
    meeting = make_event(
        people.parik, "Tapaaminen", today - timedelta(days=20), parties=(people.luovi,)
    )
    make_action_item(meeting, people.maria, "Soon", today + timedelta(days=3))
    make_action_item(meeting, people.maria, "Late", today - timedelta(days=2))
    make_action_item(meeting, people.maria, "Today", today)
    make_action_item(meeting, people.maria, "Later", today + timedelta(days=20))
    make_action_item(
        meeting, people.maria, "Finished", today - timedelta(days=1), state=ActionState.DONE
    )
    make_action_item(meeting, people.paivi, "Paivis", today)
    waiting = front_page(people.maria)["waiting"]
    assert "Action items due 3 Late Overdue" in waiting
    assert waiting.index("Late") < waiting.index("Today Due today") < waiting.index("Soon")
    assert "Later" not in waiting and "Finished" not in waiting and "Paivis" not in waiting
    assert "Tapaaminen" in waiting


def test_an_item_of_an_event_the_owner_cannot_see_is_not_listed(
    people: People, front_page: FrontPage
) -> None:
    # Olli is named owner of an item of a meeting his party was never invited to: the item
    # is seen only through its event, so it is neither listed nor counted.
    meeting = make_event(people.parik, "Sisäinen", date.today() - timedelta(days=5))
    make_action_item(meeting, people.olli, "Salainen", date.today())
    waiting = front_page(people.olli)["waiting"]
    assert "Salainen" not in waiting and count_in(waiting) == 0


def test_invitations_wait_for_an_answer(people: People, front_page: FrontPage) -> None:
    day = date.today() + timedelta(days=10)
    event = make_event(
        people.luovi, "Koulutus", day, parties=(people.parik,), people=(people.sanna,)
    )
    # Parik's coordinator (told as the party's) and Sanna (invited by name) are asked.
    assert "Invitations to answer 1 Koulutus" in front_page(people.maria)["waiting"]
    assert "Koulutus" in front_page(people.sanna)["waiting"]
    # Luovi organises it; Kotka is not invited.
    for other in (people.paivi, people.mikko, people.olli):
        assert "Koulutus" not in front_page(other)["waiting"]

    db.session.add(Invitation(event=event, user=people.maria, personal=False, answer=Answer.NO))
    db.session.commit()
    assert "Koulutus" not in front_page(people.maria)["waiting"]
    event.status = EventStatus.CANCELLED
    db.session.commit()
    assert "Koulutus" not in front_page(people.sanna)["waiting"]


def test_past_events_ask_for_no_answer(people: People, front_page: FrontPage) -> None:
    make_event(people.luovi, "Mennyt", date.today() - timedelta(days=3), parties=(people.parik,))
    assert "Mennyt" not in front_page(people.maria)["waiting"]


def test_each_item_links_straight_to_its_object(
    people: People, login: Callable[[User], FlaskClient]
) -> None:
    placement = make_placement("LUOVI-7", people.luovi, people.parik, S.SUBMITTED)
    signing = make_placement("LUOVI-8", people.luovi, people.parik, S.ACCEPTED, versions=1)
    document = make_document(people.maria, "Raportti", recipients=(people.luovi,))
    request = make_disclosure_request(document, people.paivi)
    event = make_event(people.luovi, "Tapaaminen", date.today() + timedelta(days=5))
    event.invited_parties = [people.parik]
    make_action_item(event, people.maria, "Tehtävä", date.today())
    db.session.commit()
    html = login(people.maria).get("/").get_data(as_text=True)
    assert f'href="/placements/{placement.id}#next-heading"' in html
    assert f'href="/placements/{signing.id}/agreement"' in html
    assert f'href="/documents/{document.id}/disclosures/{request.id}"' in html
    assert f'href="/calendar/events/{event.id}#decisions"' in html
    assert f'href="/calendar/events/{event.id}#answer"' in html
