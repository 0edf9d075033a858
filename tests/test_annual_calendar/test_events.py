"""Coordinators create, change and cancel events; the rules hold; the invited are told."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from portal.annual_calendar.models import Event, EventKind, EventStatus, StaffExchange
from portal.auth.models import User
from portal.core.dates import today
from portal.notifications.models import Notification
from portal.parties.models import Party
from tests import factories
from tests.test_annual_calendar.conftest import form_data, next_weekday


def last_sunday(year: int, month: int) -> date:
    day = date(year, month + 1, 1) - timedelta(days=1)
    return day - timedelta(days=(day.weekday() + 1) % 7)


def notifications_of(db: Any, user: User) -> list[str]:
    rows = db.session.scalars(sa.select(Notification).where(Notification.user_id == user.id))
    return [n.kind for n in rows]


def only_event(db: Any) -> Event:
    return db.session.scalars(sa.select(Event)).one()


def test_coordinator_creates_a_meeting_and_the_invited_are_told(
    db: Any,
    coordinator_client: FlaskClient,
    coordinator: User,
    provider: Party,
    provider_coordinator: User,
    provider_staff: User,
    supporting_coordinator: User,
) -> None:
    day = next_weekday()
    response = coordinator_client.post(
        "/calendar/events/new",
        data=form_data(day, parties=[provider.id], people=[supporting_coordinator.id]),
    )
    assert response.status_code == 303
    event = only_event(db)
    assert response.headers["Location"] == f"/calendar/events/{event.id}"
    assert event.organiser_party_id == coordinator.party_id
    assert event.sequence == 0 and event.uid.endswith("@silta")
    # Entered as Finnish time, stored in UTC.
    assert event.local_start.hour == 9 and event.local_start.date() == day
    assert event.starts_at.tzinfo == UTC
    assert event.starts_at.hour in (6, 7)

    assert notifications_of(db, provider_coordinator) == ["calendar.invited"]
    assert notifications_of(db, supporting_coordinator) == ["calendar.invited"]
    # Staff of an invited party see the event but are not told of it; nor is the organiser.
    assert notifications_of(db, provider_staff) == []
    assert notifications_of(db, coordinator) == []

    page = coordinator_client.get(f"/calendar/events/{event.id}").get_data(as_text=True)
    assert "Ammattiopisto Luovi" in page and "Anna Mäkelä" in page


def test_times_are_finnish_across_the_daylight_saving_changes(
    db: Any, coordinator_client: FlaskClient
) -> None:
    year = today().year + 1
    for day in (last_sunday(year, 3), last_sunday(year, 10)):
        coordinator_client.post(
            "/calendar/events/new", data=form_data(day, start_time="10:00", end_time="12:00")
        )
    spring, autumn = db.session.scalars(sa.select(Event).order_by(Event.starts_at)).all()
    # Summer time (UTC+3) has begun by ten on the last Sunday of March, and has ended by ten
    # on the last Sunday of October (UTC+2).
    assert spring.starts_at == datetime.combine(
        spring.start_date, datetime.min.time(), UTC
    ).replace(hour=7)
    assert autumn.starts_at == datetime.combine(
        autumn.start_date, datetime.min.time(), UTC
    ).replace(hour=8)


def test_a_time_the_clocks_skip_is_refused(coordinator_client: FlaskClient, db: Any) -> None:
    day = last_sunday(today().year + 1, 3)
    response = coordinator_client.post(
        "/calendar/events/new", data=form_data(day, start_time="03:30", end_time="05:00")
    )
    assert response.status_code == 422
    assert 'id="start_time-error"' in response.get_data(as_text=True)
    assert db.session.scalars(sa.select(Event)).first() is None


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"start_time": "12:00", "end_time": "09:00"}, "end_time"),
        ({"start_time": "09:00", "end_time": "09:00"}, "end_time"),
        ({"all_day": "y", "end_date": "2020-01-01"}, "end_date"),
        ({"start_time": ""}, "start_time"),
        ({"title": ""}, "title"),
        ({"start_date": ""}, "start_date"),
    ],
)
def test_wrong_input_is_explained_beside_the_field_and_kept(
    coordinator_client: FlaskClient, db: Any, overrides: dict[str, str], field: str
) -> None:
    response = coordinator_client.post(
        "/calendar/events/new", data=form_data(place="Luovi Kouvola", **overrides)
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="{field}-error"' in html
    assert 'value="Luovi Kouvola"' in html
    assert db.session.scalars(sa.select(Event)).first() is None


def test_errors_are_in_the_users_language(
    coordinator_client: FlaskClient, coordinator: User, db: Any
) -> None:
    coordinator.locale = "sv"
    db.session.commit()
    html = coordinator_client.post(
        "/calendar/events/new", data=form_data(start_time="12:00", end_time="09:00")
    ).get_data(as_text=True)
    assert "Evenemanget måste sluta efter att det börjar." in html


def test_staff_exchange_records_guest_host_role_and_days(
    db: Any,
    login: Callable[[User], FlaskClient],
    provider_coordinator: User,
    provider_staff: User,
    workshop: Party,
    coordinator: User,
) -> None:
    start = next_weekday(30)
    response = login(provider_coordinator).post(
        "/calendar/events/new",
        data=form_data(
            start,
            kind="staff_exchange",
            title="Työntekijävaihto",
            all_day="y",
            start_time="",
            end_time="",
            end_date=(start + timedelta(days=2)).isoformat(),
            guest_id=provider_staff.id,
            host_party_id=workshop.id,
            guest_role="study_counsellor",
        ),
    )
    assert response.status_code == 303
    event = only_event(db)
    assert event.kind == EventKind.STAFF_EXCHANGE and event.all_day and event.days == 3
    assert event.exchange is not None
    assert event.exchange.guest_id == provider_staff.id
    assert event.exchange.guest_party_id == provider_staff.party_id
    assert event.exchange.host_party_id == workshop.id
    assert workshop in event.invited_parties
    assert any(i.user_id == provider_staff.id and i.personal for i in event.invitations)
    assert notifications_of(db, coordinator) == ["calendar.invited"]
    assert notifications_of(db, provider_staff) == ["calendar.invited"]
    html = login(provider_coordinator).get(f"/calendar/events/{event.id}").get_data(as_text=True)
    assert "Mikko Laine" in html and "3 päivää" in html


def test_staff_exchange_guest_and_host_must_be_of_different_parties(
    db: Any, login: Callable[[User], FlaskClient], provider_coordinator: User, provider_staff: User
) -> None:
    response = login(provider_coordinator).post(
        "/calendar/events/new",
        data=form_data(
            kind="staff_exchange",
            guest_id=provider_staff.id,
            host_party_id=provider_staff.party_id,
            guest_role="study_counsellor",
        ),
    )
    assert response.status_code == 422
    assert 'id="host_party_id-error"' in response.get_data(as_text=True)
    assert db.session.scalars(sa.select(StaffExchange)).first() is None


def test_staff_exchange_needs_guest_party_host_and_role(coordinator_client: FlaskClient) -> None:
    response = coordinator_client.post(
        "/calendar/events/new", data=form_data(kind="staff_exchange")
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    # The guest may be named later by their party; the party is needed now.
    for field in ("guest_party_id", "host_party_id", "guest_role"):
        assert f'id="{field}-error"' in html


def test_someone_the_coordinator_cannot_see_cannot_be_invited(
    coordinator_client: FlaskClient, provider_staff: User, db: Any
) -> None:
    # Another party's staff are not in the coordinator's view of people.
    response = coordinator_client.post(
        "/calendar/events/new", data=form_data(people=[provider_staff.id])
    )
    assert response.status_code == 422
    assert db.session.scalars(sa.select(Event)).first() is None


@pytest.mark.parametrize(
    "who", ["staff", "supporting_coordinator", "withdrawn_coordinator", "admin"]
)
def test_only_coordinators_of_active_parties_organise(
    request: pytest.FixtureRequest, login: Callable[[User], FlaskClient], who: str, db: Any
) -> None:
    if who == "supporting_coordinator":
        user = factories.coordinator_of(request.getfixturevalue("supporting"))
    elif who == "withdrawn_coordinator":
        party = factories.PartyFactory(withdrawn_on=today() - timedelta(days=1))
        user = factories.coordinator_of(party)
    else:
        user = request.getfixturevalue(who)
    client = login(user)
    assert client.get("/calendar/events/new").status_code == 403
    assert client.post("/calendar/events/new", data=form_data()).status_code == 403
    assert "/calendar/events/new" not in client.get("/calendar/").get_data(as_text=True)


def test_a_change_raises_the_sequence_and_tells_the_invited(
    db: Any,
    coordinator_client: FlaskClient,
    meeting: Event,
    provider_coordinator: User,
    supporting_coordinator: User,
    social: Party,
    social_coordinator: User,
) -> None:
    data = form_data(
        meeting.start_date,
        start_time="10:00",
        end_time="13:00",
        parties=[meeting.invited_parties[0].id, social.id],
        people=[supporting_coordinator.id],
    )
    assert (
        coordinator_client.post(f"/calendar/events/{meeting.id}/edit", data=data).status_code == 303
    )
    db.session.refresh(meeting)
    assert meeting.sequence == 1 and meeting.local_start.hour == 10
    assert notifications_of(db, provider_coordinator) == ["calendar.invited", "calendar.changed"]
    assert notifications_of(db, social_coordinator) == ["calendar.invited"]

    # Saving without a change changes nothing and tells no one.
    coordinator_client.post(f"/calendar/events/{meeting.id}/edit", data=data)
    db.session.refresh(meeting)
    assert meeting.sequence == 1
    assert notifications_of(db, provider_coordinator) == ["calendar.invited", "calendar.changed"]


def test_the_edit_form_shows_the_event_as_entered(
    coordinator_client: FlaskClient, meeting: Event
) -> None:
    html = coordinator_client.get(f"/calendar/events/{meeting.id}/edit").get_data(as_text=True)
    assert 'value="09:00"' in html and 'value="12:00"' in html
    assert f'value="{meeting.start_date.isoformat()}"' in html


def test_cancelling_marks_the_event_and_tells_the_invited(
    db: Any,
    coordinator_client: FlaskClient,
    meeting: Event,
    provider_coordinator: User,
) -> None:
    response = coordinator_client.post(
        f"/calendar/events/{meeting.id}/cancel", data={"reason": "Siirtyy kevääseen."}
    )
    assert response.status_code == 303
    db.session.refresh(meeting)
    assert meeting.status == EventStatus.CANCELLED and meeting.sequence == 1
    assert notifications_of(db, provider_coordinator) == ["calendar.invited", "calendar.cancelled"]
    html = coordinator_client.get(f"/calendar/events/{meeting.id}").get_data(as_text=True)
    assert "Siirtyy kevääseen." in html

    # A cancelled event is not changed or cancelled again: a clear refusal, nothing applied.
    again = coordinator_client.post(f"/calendar/events/{meeting.id}/cancel", data={"reason": ""})
    assert again.status_code == 409
    edit = coordinator_client.post(f"/calendar/events/{meeting.id}/edit", data=form_data())
    assert edit.status_code == 409
    db.session.refresh(meeting)
    assert meeting.sequence == 1


def test_another_coordinator_of_the_organiser_manages_the_event(
    login: Callable[[User], FlaskClient], meeting: Event, workshop: Party, db: Any
) -> None:
    colleague = factories.coordinator_of(workshop)
    response = login(colleague).post(f"/calendar/events/{meeting.id}/cancel", data={})
    assert response.status_code == 303
    db.session.refresh(meeting)
    assert meeting.is_cancelled


def test_a_form_without_csrf_token_is_refused(
    csrf_enabled: None, coordinator_client: FlaskClient, db: Any
) -> None:
    response = coordinator_client.post("/calendar/events/new", data=form_data())
    assert response.status_code == 400
    assert db.session.scalars(sa.select(Event)).first() is None
