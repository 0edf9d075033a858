"""Who sees an event: the organiser party, the invited parties and persons; others get 404."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient

from portal.annual_calendar.models import Event
from portal.auth.models import User
from tests import factories

SUB_URLS = [
    ("get", "/calendar/events/{id}"),
    ("get", "/calendar/events/{id}.ics"),
    ("get", "/calendar/events/{id}/edit"),
    ("post", "/calendar/events/{id}/edit"),
    ("get", "/calendar/events/{id}/cancel"),
    ("post", "/calendar/events/{id}/cancel"),
    ("post", "/calendar/events/{id}/answer"),
    ("get", "/calendar/events/{id}/minutes"),
    ("post", "/calendar/events/{id}/minutes"),
    ("post", "/calendar/events/{id}/actions"),
]


@pytest.mark.parametrize(
    "who",
    ["coordinator", "staff", "provider_coordinator", "provider_staff", "supporting_coordinator"],
)
def test_organiser_invited_parties_and_persons_see_the_meeting(
    request: pytest.FixtureRequest, login: Callable[[User], FlaskClient], meeting: Event, who: str
) -> None:
    client = login(request.getfixturevalue(who))
    response = client.get(f"/calendar/events/{meeting.id}")
    assert response.status_code == 200
    assert "Yhteistyötapaaminen" in response.get_data(as_text=True)
    assert client.get(f"/calendar/events/{meeting.id}.ics").status_code == 200


@pytest.mark.parametrize("who", ["social_coordinator", "outsider", "admin"])
@pytest.mark.parametrize(("method", "url"), SUB_URLS)
def test_everyone_else_gets_404_on_every_url_of_the_event(
    request: pytest.FixtureRequest,
    login: Callable[[User], FlaskClient],
    meeting: Event,
    who: str,
    method: str,
    url: str,
) -> None:
    client = login(request.getfixturevalue(who))
    response = getattr(client, method)(url.format(id=meeting.id), data={"answer": "yes"})
    assert response.status_code == 404
    assert "Yhteistyötapaaminen" not in response.get_data(as_text=True)


def test_htmx_fragment_of_a_hidden_event_is_404(
    login: Callable[[User], FlaskClient], meeting: Event, social_coordinator: User
) -> None:
    response = login(social_coordinator).post(
        f"/calendar/events/{meeting.id}/answer",
        data={"answer": "yes"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 404
    assert "Vastuuhenkilöiden" not in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/calendar/", "/calendar/month", "/calendar/year"])
def test_hidden_events_are_not_listed_or_counted(
    login: Callable[[User], FlaskClient],
    meeting: Event,
    social_coordinator: User,
    coordinator: User,
    path: str,
) -> None:
    day = meeting.start_date
    query = {"year": day.year, "month": day.month}
    seen = login(coordinator).get(path, query_string=query).get_data(as_text=True)
    assert "Yhteistyötapaaminen" in seen
    hidden = login(social_coordinator).get(path, query_string=query).get_data(as_text=True)
    assert "Yhteistyötapaaminen" not in hidden
    assert f"/calendar/events/{meeting.id}" not in hidden
    if path != "/calendar/month":
        # The year views count the coordinators' meetings: only those the reader may see.
        assert "1 vastuuhenkilöiden tapaaminen" in seen
        assert "0 vastuuhenkilöiden tapaamista" in hidden


def test_supporting_organisation_sees_only_what_it_is_invited_to(
    login: Callable[[User], FlaskClient],
    make_event: Any,
    meeting: Event,
    coordinator: User,
    supporting: Any,
    supporting_coordinator: User,
) -> None:
    colleague = factories.UserFactory(party=supporting, email="toinen@tpy.example")
    # Anna is invited by name; her colleague is not, and the organisation is not.
    assert login(colleague).get(f"/calendar/events/{meeting.id}").status_code == 404
    assert login(supporting_coordinator).get(f"/calendar/events/{meeting.id}").status_code == 200

    training = make_event(coordinator, title="Yhteiskoulutus", invited_party_ids=[supporting.id])
    assert login(colleague).get(f"/calendar/events/{training.id}").status_code == 200


def test_staff_exchange_is_seen_by_the_guest_and_both_parties(
    login: Callable[[User], FlaskClient],
    exchange: Event,
    provider_staff: User,
    staff: User,
    social_coordinator: User,
) -> None:
    assert login(provider_staff).get(f"/calendar/events/{exchange.id}").status_code == 200
    # The host party is invited by the exchange itself.
    assert login(staff).get(f"/calendar/events/{exchange.id}").status_code == 200
    assert login(social_coordinator).get(f"/calendar/events/{exchange.id}").status_code == 404


@pytest.mark.parametrize(("method", "url"), SUB_URLS[2:6] + SUB_URLS[7:])
def test_invited_staff_see_but_do_not_manage(
    login: Callable[[User], FlaskClient],
    meeting: Event,
    provider_coordinator: User,
    staff: User,
    method: str,
    url: str,
) -> None:
    # A coordinator of an invited party, and staff of the organiser, may not change the event.
    for person in (provider_coordinator, staff):
        response = getattr(login(person), method)(url.format(id=meeting.id), data={})
        assert response.status_code == 403


def test_unknown_event_is_404(staff_client: FlaskClient) -> None:
    assert staff_client.get("/calendar/events/999999").status_code == 404
    assert staff_client.get("/calendar/events/999999.ics").status_code == 404


def test_calendar_requires_signing_in(client: FlaskClient, meeting: Event) -> None:
    for url in (
        "/calendar/",
        f"/calendar/events/{meeting.id}",
        f"/calendar/events/{meeting.id}.ics",
    ):
        response = client.get(url)
        assert response.status_code == 303
        assert "/auth/login" in response.headers["Location"]
