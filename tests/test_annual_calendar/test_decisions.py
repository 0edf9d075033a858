"""Minutes and decisions: action items with an owner, a due date and a state, followed up."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient

from portal.annual_calendar.models import ActionItem, ActionState, Event
from portal.auth.models import User
from portal.core.dates import today
from portal.parties.models import Party


@pytest.fixture
def past_meeting(make_event: Any, coordinator: User, provider: Party) -> Event:
    return make_event(
        coordinator,
        title="Kevään tapaaminen",
        day=today() - timedelta(days=90),
        invited_party_ids=[provider.id],
    )


def add_item(
    client: FlaskClient, event: Event, owner: User, title: str = "Päivitä raportti"
) -> Any:
    return client.post(
        f"/calendar/events/{event.id}/actions",
        data={
            "title": title,
            "owner_id": owner.id,
            "due_on": (today() + timedelta(days=30)).isoformat(),
        },
    )


def test_organiser_writes_minutes_and_records_action_items(
    db: Any,
    coordinator_client: FlaskClient,
    past_meeting: Event,
    provider_coordinator: User,
) -> None:
    response = coordinator_client.post(
        f"/calendar/events/{past_meeting.id}/minutes", data={"minutes": "Sovittiin vuosikellosta."}
    )
    assert response.status_code == 303
    assert add_item(coordinator_client, past_meeting, provider_coordinator).status_code == 303
    [item] = past_meeting.action_items
    assert item.owner_id == provider_coordinator.id and item.state == ActionState.OPEN
    html = coordinator_client.get(f"/calendar/events/{past_meeting.id}").get_data(as_text=True)
    assert "Sovittiin vuosikellosta." in html and "Päivitä raportti" in html


def test_owner_must_take_part_in_the_event(
    db: Any, coordinator_client: FlaskClient, past_meeting: Event, social_coordinator: User
) -> None:
    response = add_item(coordinator_client, past_meeting, social_coordinator)
    assert response.status_code == 422
    assert 'id="owner_id-error"' in response.get_data(as_text=True)
    assert db.session.query(ActionItem).count() == 0


def test_action_item_needs_a_title_and_a_due_date(
    db: Any, coordinator_client: FlaskClient, past_meeting: Event, coordinator: User
) -> None:
    response = coordinator_client.post(
        f"/calendar/events/{past_meeting.id}/actions",
        data={"title": "", "owner_id": coordinator.id, "due_on": ""},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="title-error"' in html and 'id="due_on-error"' in html


def test_later_meeting_lists_the_open_items_of_earlier_ones(
    db: Any,
    login: Callable[[User], FlaskClient],
    coordinator_client: FlaskClient,
    past_meeting: Event,
    meeting: Event,
    provider_coordinator: User,
    make_event: Any,
    outsider: User,
    coordinator: User,
) -> None:
    add_item(coordinator_client, past_meeting, provider_coordinator, "Avoin asia")
    add_item(coordinator_client, past_meeting, coordinator, "Tehty asia")
    done = next(i for i in past_meeting.action_items if i.title == "Tehty asia")
    coordinator_client.post(f"/calendar/actions/{done.id}/state", data={"state": "done"})
    # An earlier meeting that the viewers cannot see keeps its items to itself.
    secret = make_event(outsider, title="Muiden tapaaminen", day=today() - timedelta(days=30))
    login(outsider).post(
        f"/calendar/events/{secret.id}/actions",
        data={
            "title": "Salainen asia",
            "owner_id": outsider.id,
            "due_on": "2030-01-01",
        },
    )

    for viewer in (coordinator, provider_coordinator):
        html = login(viewer).get(f"/calendar/events/{meeting.id}").get_data(as_text=True)
        assert "Avoin asia" in html
        assert "Tehty asia" not in html
        assert "Salainen asia" not in html


def test_owner_marks_their_item_done_but_only_the_organiser_drops_or_reopens(
    db: Any,
    login: Callable[[User], FlaskClient],
    coordinator_client: FlaskClient,
    past_meeting: Event,
    provider_coordinator: User,
) -> None:
    add_item(coordinator_client, past_meeting, provider_coordinator)
    [item] = past_meeting.action_items
    owner = login(provider_coordinator)
    url = f"/calendar/actions/{item.id}/state"
    assert owner.post(url, data={"state": "dropped"}).status_code == 409
    response = owner.post(url, data={"state": "done", "note": "Raportti päivitetty."})
    assert response.status_code == 303
    db.session.refresh(item)
    assert item.state == ActionState.DONE and item.note == "Raportti päivitetty."
    assert item.closed_by_id == provider_coordinator.id
    # Done: the owner has nothing more to do; the organiser may reopen it.
    assert owner.post(url, data={"state": "open"}).status_code == 403
    assert coordinator_client.post(url, data={"state": "done"}).status_code == 409
    assert coordinator_client.post(url, data={"state": "open"}).status_code == 303
    db.session.refresh(item)
    assert item.state == ActionState.OPEN and item.closed_at is None


def test_state_change_returns_only_to_pages_of_this_site(
    coordinator_client: FlaskClient, past_meeting: Event, coordinator: User
) -> None:
    add_item(coordinator_client, past_meeting, coordinator)
    [item] = past_meeting.action_items
    response = coordinator_client.post(
        f"/calendar/actions/{item.id}/state",
        data={"state": "done", "next": "https://evil.example/"},
    )
    assert response.headers["Location"] == f"/calendar/events/{past_meeting.id}"


def test_items_of_a_hidden_event_are_404(
    login: Callable[[User], FlaskClient],
    coordinator_client: FlaskClient,
    past_meeting: Event,
    coordinator: User,
    social_coordinator: User,
) -> None:
    add_item(coordinator_client, past_meeting, coordinator)
    [item] = past_meeting.action_items
    response = login(social_coordinator).post(
        f"/calendar/actions/{item.id}/state", data={"state": "done"}
    )
    assert response.status_code == 404


def test_staff_of_the_organiser_cannot_record(
    staff_client: FlaskClient, past_meeting: Event, staff: User
) -> None:
    assert add_item(staff_client, past_meeting, staff).status_code == 403
    response = staff_client.post(
        f"/calendar/events/{past_meeting.id}/minutes", data={"minutes": "x"}
    )
    assert response.status_code == 403
