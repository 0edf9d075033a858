"""Events made through the real service among the common people (``people``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time, timedelta
from typing import Any

import pytest
from flask import Flask

from portal.annual_calendar import service
from portal.annual_calendar.details import EventDetails, ExchangeDetails
from portal.annual_calendar.models import Event, EventKind, ExchangeRole
from portal.auth.models import User
from portal.core.dates import today
from portal.parties.models import Party


def next_weekday(days: int = 14) -> date:
    day = today() + timedelta(days=days)
    return day + timedelta(days=(1 - day.weekday()) % 7)


def details(**overrides: Any) -> EventDetails:
    day = overrides.pop("day", next_weekday())
    values: dict[str, Any] = {
        "kind": EventKind.MEETING,
        "title": "Yhteistyötapaaminen",
        "start_date": day,
        "end_date": day,
        "start_time": time(9, 0),
        "end_time": time(12, 0),
        "place": "Kouvola",
    }
    values.update(overrides)
    return EventDetails(**values)


MakeEvent = Callable[..., Event]


@pytest.fixture
def make_event(app: Flask, db: Any) -> MakeEvent:
    """Create an event through the service, as the given coordinator, and commit it."""

    def _make(actor: User, **overrides: Any) -> Event:
        with app.test_request_context():
            event = service.create_event(actor, details(**overrides))
            db.session.commit()
        return event

    return _make


@pytest.fixture
def meeting(
    make_event: MakeEvent,
    coordinator: User,
    provider: Party,
    provider_coordinator: User,
    supporting_coordinator: User,
) -> Event:
    """Parik's meeting: Luovi invited as a party, the supporting organisation's Anna by name."""
    return make_event(
        coordinator, invited_party_ids=[provider.id], invited_user_ids=[supporting_coordinator.id]
    )


@pytest.fixture
def exchange(
    make_event: MakeEvent, provider_coordinator: User, provider_staff: User, workshop: Party
) -> Event:
    """Luovi's study counsellor Mikko hosted by Parik for three days."""
    start = next_weekday(21)
    return make_event(
        provider_coordinator,
        kind=EventKind.STAFF_EXCHANGE,
        title="Työntekijävaihto",
        all_day=True,
        day=start,
        end_date=start + timedelta(days=2),
        start_time=None,
        end_time=None,
        exchange=ExchangeDetails(
            guest_id=provider_staff.id,
            host_party_id=workshop.id,
            guest_role=ExchangeRole.STUDY_COUNSELLOR,
        ),
    )


def form_data(day: date | None = None, **overrides: Any) -> dict[str, Any]:
    """What a coordinator types into the event form."""
    day = day or next_weekday()
    data: dict[str, Any] = {
        "kind": "meeting",
        "title": "Yhteistyötapaaminen",
        "start_date": day.isoformat(),
        "start_time": "09:00",
        "end_date": "",
        "end_time": "12:00",
        "place": "Kouvola",
        "description": "",
        "agenda": "",
        "extra_meeting_reason": "",
        "guest_id": "0",
        "host_party_id": "0",
        "guest_role": "",
    }
    data.update(overrides)
    return data
