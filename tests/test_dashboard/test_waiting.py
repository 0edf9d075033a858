""" "Waiting for me": each role sees what it may act on, and nothing it may not see."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from flask.testing import FlaskClient

from portal.annual_calendar.models import ActionState, Answer, EventStatus, Invitation
from portal.auth.models import Role, User
from portal.core import dates
from portal.documents.models import DisclosureStatus
from portal.extensions import db
from portal.placements.models import PlacementSignature, PlacementStatus
from tests import factories
from tests.people import People
from tests.test_dashboard.conftest import count_in

S = PlacementStatus
FrontPage = Callable[[User], dict[str, str]]


def test_a_request_waits_for_the_receiving_coordinators_decision(
    people: People, front_page: FrontPage
) -> None:
    factories.PlacementFactory(
        reference="LUOVI-1", sender=people.provider, receiver=people.workshop, status=S.SUBMITTED
    )
    waiting = front_page(people.workshop_coordinator)["waiting"]
    assert "Requests to decide 1 Request LUOVI-1" in waiting
    assert "Workshop period · Ammattiopisto Luovi" in waiting
    assert count_in(waiting) == 1
    # The sender waits for the decision; staff do not decide; Kotka sees nothing of it.
    for other in (
        people.provider_coordinator,
        people.workshop_staff,
        people.provider_staff,
        people.outsider,
    ):
        waiting = front_page(other)["waiting"]
        assert "LUOVI-1" not in waiting and count_in(waiting) == 0


def test_a_draft_waits_for_nobody_on_the_other_side(people: People, front_page: FrontPage) -> None:
    factories.PlacementFactory(
        reference="LUOVI-2", sender=people.provider, receiver=people.workshop, status=S.DRAFT
    )
    page = front_page(people.workshop_coordinator)
    assert "LUOVI-2" not in " ".join(page.values())


def test_an_agreement_waits_for_each_party_until_it_has_signed(
    people: People, front_page: FrontPage
) -> None:
    placement = factories.PlacementFactory(
        reference="LUOVI-3",
        sender=people.provider,
        receiver=people.workshop,
        status=S.ACCEPTED,
        versions=1,
        signers=(),
    )
    for coordinator in (people.workshop_coordinator, people.provider_coordinator):
        assert "Agreements to sign 1 Agreement of LUOVI-3" in front_page(coordinator)["waiting"]
    for staff in (people.workshop_staff, people.provider_staff):
        assert "LUOVI-3" not in front_page(staff)["waiting"]

    latest = placement.agreements[-1]
    latest.signatures.append(
        PlacementSignature(
            party_id=people.provider.id, signer_name="Päivi", signer_role=Role.COORDINATOR
        )
    )
    db.session.commit()
    assert "LUOVI-3" in front_page(people.workshop_coordinator)["waiting"]
    assert "LUOVI-3" not in front_page(people.provider_coordinator)["waiting"]


def test_an_amendment_waits_for_both_signatures_again(
    people: People, front_page: FrontPage
) -> None:
    factories.PlacementFactory(
        reference="LUOVI-4",
        sender=people.provider,
        receiver=people.workshop,
        status=S.ONGOING,
        versions=2,
        signers=(people.workshop,),
    )
    assert "amendment, version 2" in front_page(people.provider_coordinator)["waiting"]
    assert "LUOVI-4" not in front_page(people.workshop_coordinator)["waiting"]


def test_an_amendment_elsewhere_hides_no_first_agreement(
    people: People, front_page: FrontPage
) -> None:
    """The latest version is each placement's own: another placement's amendment (version 2)
    does not make this placement's version 1 look outdated."""
    factories.PlacementFactory(
        reference="LUOVI-41",
        sender=people.provider,
        receiver=people.workshop,
        status=S.ONGOING,
        versions=2,
        signers=(people.workshop,),
    )
    factories.PlacementFactory(
        reference="LUOVI-42",
        sender=people.provider,
        receiver=people.workshop,
        status=S.ACCEPTED,
        versions=1,
        signers=(),
    )
    waiting = front_page(people.provider_coordinator)["waiting"]
    assert "Agreements to sign 2" in waiting
    assert "Agreement of LUOVI-41" in waiting and "Agreement of LUOVI-42" in waiting
    waiting = front_page(people.workshop_coordinator)["waiting"]
    assert "Agreements to sign 1 Agreement of LUOVI-42" in waiting


def test_nothing_to_sign_once_the_placement_has_ended(
    people: People, front_page: FrontPage
) -> None:
    factories.PlacementFactory(
        reference="LUOVI-5",
        sender=people.provider,
        receiver=people.workshop,
        status=S.COMPLETED,
        versions=2,
        signers=(),
    )
    assert "LUOVI-5" not in front_page(people.workshop_coordinator)["waiting"]


def test_a_withdrawn_party_starts_no_new_agreement(people: People, front_page: FrontPage) -> None:
    factories.PlacementFactory(
        reference="LUOVI-6",
        sender=people.provider,
        receiver=people.workshop,
        status=S.ACCEPTED,
        versions=1,
        signers=(),
    )
    people.provider.withdrawn_on = dates.today() - timedelta(days=1)
    db.session.commit()
    assert "LUOVI-6" not in front_page(people.workshop_coordinator)["waiting"]


def test_a_disclosure_request_waits_for_the_owners_coordinators(
    people: People, front_page: FrontPage
) -> None:
    document = factories.DocumentFactory(
        created_by=people.provider_coordinator,
        title="Pajajakson tavoitteet",
        recipients=[people.workshop],
    )
    request = factories.DisclosureRequestFactory(
        document=document, requested_by=people.workshop_coordinator
    )
    waiting = front_page(people.provider_coordinator)["waiting"]
    assert "Disclosure requests to answer 1 Pajajakson tavoitteet" in waiting
    assert "Confidential" in waiting  # the document's mark shows wherever the document does
    assert "Parik-säätiö asks to disclose it to Kela" in waiting
    for other in (
        people.provider_staff,
        people.workshop_coordinator,
        people.workshop_staff,
        people.outsider,
    ):
        assert "Pajajakson tavoitteet" not in front_page(other)["waiting"]

    assert request.status == DisclosureStatus.PENDING  # read, as the service reads it
    request.status = DisclosureStatus.GRANTED
    db.session.commit()
    assert "Pajajakson tavoitteet" not in front_page(people.provider_coordinator)["waiting"]


def test_the_owner_sees_their_action_items_due_within_two_weeks_or_overdue(
    people: People, front_page: FrontPage
) -> None:
    today = dates.today()
    meeting = factories.EventFactory(
        organiser=people.workshop,
        title="Tapaaminen",
        day=today - timedelta(days=20),
        invited_parties=[people.provider],
    )
    factories.ActionItemFactory(
        event=meeting,
        owner=people.workshop_coordinator,
        title="Soon",
        due_on=today + timedelta(days=3),
    )
    factories.ActionItemFactory(
        event=meeting,
        owner=people.workshop_coordinator,
        title="Late",
        due_on=today - timedelta(days=2),
    )
    factories.ActionItemFactory(
        event=meeting, owner=people.workshop_coordinator, title="Today", due_on=today
    )
    factories.ActionItemFactory(
        event=meeting,
        owner=people.workshop_coordinator,
        title="Later",
        due_on=today + timedelta(days=20),
    )
    factories.ActionItemFactory(
        event=meeting,
        owner=people.workshop_coordinator,
        title="Finished",
        due_on=today - timedelta(days=1),
        state=ActionState.DONE,
    )
    factories.ActionItemFactory(
        event=meeting, owner=people.provider_coordinator, title="Paivis", due_on=today
    )
    waiting = front_page(people.workshop_coordinator)["waiting"]
    assert "Action items due 3 Late Overdue" in waiting
    assert waiting.index("Late") < waiting.index("Today Due today") < waiting.index("Soon")
    assert "Later" not in waiting and "Finished" not in waiting and "Paivis" not in waiting
    assert "Tapaaminen" in waiting


def test_an_item_of_an_event_the_owner_cannot_see_is_not_listed(
    people: People, front_page: FrontPage
) -> None:
    # Olli is named owner of an item of a meeting his party was never invited to: the item
    # is seen only through its event, so it is neither listed nor counted.
    meeting = factories.EventFactory(
        organiser=people.workshop, title="Sisäinen", day=dates.today() - timedelta(days=5)
    )
    factories.ActionItemFactory(
        event=meeting, owner=people.outsider, title="Salainen", due_on=dates.today()
    )
    waiting = front_page(people.outsider)["waiting"]
    assert "Salainen" not in waiting and count_in(waiting) == 0


def test_invitations_wait_for_an_answer(people: People, front_page: FrontPage) -> None:
    day = dates.today() + timedelta(days=10)
    event = factories.EventFactory(
        organiser=people.provider,
        title="Koulutus",
        day=day,
        invited_parties=[people.workshop],
        invited_people=[people.workshop_staff],
    )
    # Parik's coordinator (told as the party's) and Sanna (invited by name) are asked.
    assert "Invitations to answer 1 Koulutus" in front_page(people.workshop_coordinator)["waiting"]
    assert "Koulutus" in front_page(people.workshop_staff)["waiting"]
    # Luovi organises it; Kotka is not invited.
    for other in (people.provider_coordinator, people.provider_staff, people.outsider):
        assert "Koulutus" not in front_page(other)["waiting"]

    db.session.add(
        Invitation(event=event, user=people.workshop_coordinator, personal=False, answer=Answer.NO)
    )
    db.session.commit()
    assert "Koulutus" not in front_page(people.workshop_coordinator)["waiting"]
    event.status = EventStatus.CANCELLED
    db.session.commit()
    assert "Koulutus" not in front_page(people.workshop_staff)["waiting"]


def test_past_events_ask_for_no_answer(people: People, front_page: FrontPage) -> None:
    factories.EventFactory(
        organiser=people.provider,
        title="Mennyt",
        day=dates.today() - timedelta(days=3),
        invited_parties=[people.workshop],
    )
    assert "Mennyt" not in front_page(people.workshop_coordinator)["waiting"]


def test_each_item_links_straight_to_its_object(
    people: People, login: Callable[[User], FlaskClient]
) -> None:
    placement = factories.PlacementFactory(
        reference="LUOVI-7", sender=people.provider, receiver=people.workshop, status=S.SUBMITTED
    )
    signing = factories.PlacementFactory(
        reference="LUOVI-8",
        sender=people.provider,
        receiver=people.workshop,
        status=S.ACCEPTED,
        versions=1,
        signers=(),
    )
    document = factories.DocumentFactory(
        created_by=people.workshop_coordinator, title="Raportti", recipients=[people.provider]
    )
    request = factories.DisclosureRequestFactory(
        document=document, requested_by=people.provider_coordinator
    )
    event = factories.EventFactory(
        organiser=people.provider, title="Tapaaminen", day=dates.today() + timedelta(days=5)
    )
    event.invited_parties = [people.workshop]
    factories.ActionItemFactory(
        event=event, owner=people.workshop_coordinator, title="Tehtävä", due_on=dates.today()
    )
    db.session.commit()
    html = login(people.workshop_coordinator).get("/").get_data(as_text=True)
    assert f'href="/placements/{placement.id}#next-heading"' in html
    assert f'href="/placements/{signing.id}/agreement"' in html
    assert f'href="/documents/{document.id}/disclosures/{request.id}"' in html
    assert f'href="/calendar/events/{event.id}#decisions"' in html
    assert f'href="/calendar/events/{event.id}#answer"' in html
