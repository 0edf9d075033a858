"""The .ics files and the feed, read back with vobject: an iCalendar library other than the
one that writes them, so that the files are checked against the standard, not themselves."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import vobject
from flask.testing import FlaskClient
from flask_babel import force_locale

from portal.annual_calendar import ical
from portal.annual_calendar.models import Event
from portal.auth.models import User
from portal.core.dates import today
from tests.test_annual_calendar.conftest import form_data
from tests.test_annual_calendar.test_events import last_sunday


def parse(body: bytes) -> Any:
    return vobject.readOne(body.decode("utf-8"))


def vevents(calendar: Any) -> dict[str, Any]:
    return {e.uid.value: e for e in calendar.contents.get("vevent", [])}


def test_event_downloads_as_ics(coordinator_client: FlaskClient, meeting: Event) -> None:
    response = coordinator_client.get(f"/calendar/events/{meeting.id}.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    assert "attachment" in response.headers["Content-Disposition"]
    calendar = parse(response.data)
    assert calendar.version.value == "2.0"
    assert calendar.vtimezone.tzid.value == "Europe/Helsinki"
    event = vevents(calendar)[meeting.uid]
    assert event.summary.value == "Yhteistyötapaaminen"
    assert event.sequence.value == "0"
    assert event.status.value == "CONFIRMED"
    assert event.location.value == "Kouvola"
    assert f"/calendar/events/{meeting.id}" in event.url.value
    assert event.dtstart.value == meeting.starts_at
    assert event.dtend.value == meeting.ends_at


def test_times_survive_the_daylight_saving_changes(
    coordinator_client: FlaskClient, db: Any
) -> None:
    year = today().year + 1
    spring, autumn = last_sunday(year, 3), last_sunday(year, 10)
    # 02:00–05:00 on the night summer time begins is two hours long; in October three.
    for day in (spring, autumn):
        coordinator_client.post(
            "/calendar/events/new",
            data=form_data(day, title=f"Yö {day}", start_time="02:00", end_time="05:00"),
        )
        coordinator_client.post(
            "/calendar/events/new",
            data=form_data(day, title=f"Päivä {day}", start_time="10:00", end_time="12:00"),
        )
    events = db.session.query(Event).all()
    assert len(events) == 4
    for event in events:
        body = coordinator_client.get(f"/calendar/events/{event.id}.ics").data
        assert b"DTSTART;TZID=Europe/Helsinki:" in body
        parsed = vevents(parse(body))[event.uid]
        start = parsed.dtstart.value.astimezone(UTC)
        end = parsed.dtend.value.astimezone(UTC)
        day = event.start_date
        if event.title.startswith("Päivä"):
            # Ten o'clock is 07:00 UTC in summer time (March) and 08:00 UTC in winter time.
            assert start == datetime(
                year, day.month, day.day, 7 if day == spring else 8, tzinfo=UTC
            )
            assert end - start == timedelta(hours=2)
        elif day == spring:
            # 02:00 is still winter time (UTC+2); at 03:00 the clocks jump to 04:00.
            assert start == datetime(year, 3, day.day, 0, tzinfo=UTC)
            assert end - start == timedelta(hours=2)
        else:
            # 02:00 is still summer time (UTC+3); at 04:00 the clocks go back to 03:00.
            assert start == datetime(year, 10, day.day, 0, tzinfo=UTC) - timedelta(hours=1)
            assert end - start == timedelta(hours=4)


def test_all_day_event_is_written_as_dates(
    coordinator_client: FlaskClient,
    db: Any,
    provider_coordinator: User,
    login: Callable[[User], FlaskClient],
    exchange: Event,
) -> None:
    body = login(provider_coordinator).get(f"/calendar/events/{exchange.id}.ics").data
    parsed = vevents(parse(body))[exchange.uid]
    assert parsed.dtstart.value == exchange.start_date
    # DTEND of a whole-day event is the day after its last day.
    assert parsed.dtend.value == exchange.end_date + timedelta(days=1)
    assert "Mikko Laine" in parsed.description.value


def test_change_and_cancellation_keep_the_uid_and_raise_the_sequence(
    coordinator_client: FlaskClient, meeting: Event, db: Any
) -> None:
    uid = meeting.uid
    coordinator_client.post(
        f"/calendar/events/{meeting.id}/edit",
        data=form_data(
            meeting.start_date, title="Siirretty tapaaminen", start_time="13:00", end_time="15:00"
        ),
    )
    changed = vevents(parse(coordinator_client.get(f"/calendar/events/{meeting.id}.ics").data))[uid]
    assert changed.sequence.value == "1" and changed.summary.value == "Siirretty tapaaminen"

    coordinator_client.post(
        f"/calendar/events/{meeting.id}/cancel", data={"reason": "Sairastumisia"}
    )
    cancelled = vevents(parse(coordinator_client.get(f"/calendar/events/{meeting.id}.ics").data))[
        uid
    ]
    assert cancelled.sequence.value == "2"
    assert cancelled.status.value == "CANCELLED"


def test_event_calendar_is_built_outside_a_request_for_mail(app: Any, meeting: Event) -> None:
    """A mail worker attaches the same file; its link points at the public address."""
    app.config["PUBLIC_URL"] = "https://silta.example.fi"
    try:
        with app.app_context(), force_locale("sv"):
            body = ical.event_calendar(meeting, method="REQUEST")
    finally:
        app.config["PUBLIC_URL"] = "http://127.0.0.1:5000"
    calendar = parse(body)
    assert calendar.method.value == "REQUEST"
    event = vevents(calendar)[meeting.uid]
    assert event.url.value == f"https://silta.example.fi/calendar/events/{meeting.id}"
    assert event.categories.value == ["Möte mellan ansvarspersoner"]
