"""The visiting staff member of a staff exchange: the host leaves the visitor open, the guest
party names one of its own people (or a person offers to go), and the host never sees a list
of the other party's staff."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from flask.testing import FlaskClient

from portal.annual_calendar.models import Event, StaffExchange
from portal.auth.models import User
from portal.parties.models import Party
from tests.test_annual_calendar.conftest import form_data, next_weekday

Login = Callable[[User], FlaskClient]


def _host_opens_an_exchange(login: Login, coordinator: User, provider: Party, db: Any) -> Event:
    """Parik (the workshop) hosts a study counsellor of Luovi, to be named by Luovi."""
    start = next_weekday(30)
    client = login(coordinator)
    form = client.get("/calendar/events/new?kind=staff_exchange").get_data(as_text=True)
    assert 'name="guest_party_id"' in form
    response = client.post(
        "/calendar/events/new",
        data=form_data(
            start,
            kind="staff_exchange",
            title="Opinto-ohjaaja pajalla",
            all_day="y",
            start_time="",
            end_time="",
            end_date=(start + timedelta(days=2)).isoformat(),
            guest_party_id=provider.id,
            host_party_id=coordinator.party_id,
            guest_role="study_counsellor",
        ),
    )
    assert response.status_code == 303
    return db.session.scalars(sa.select(Event)).one()


def test_the_guest_party_names_its_visitor_the_host_never_lists_its_staff(
    login: Login,
    coordinator: User,
    provider: Party,
    provider_coordinator: User,
    provider_staff: User,
    db: Any,
) -> None:
    event = _host_opens_an_exchange(login, coordinator, provider, db)
    assert event.exchange is not None and event.exchange.guest_id is None
    host = login(coordinator)
    page = host.get(f"/calendar/events/{event.id}").get_data(as_text=True)
    assert "Ammattiopisto Luovi nimeää myöhemmin" in page
    # Neither the event page nor its form lists Luovi's staff to the host.
    for html in (page, host.get(f"/calendar/events/{event.id}/edit").get_data(as_text=True)):
        assert provider_staff.name not in html and 'name="visitor"' not in html
    # Nor can the host name them, with a hand-made request.
    refused = host.post(f"/calendar/events/{event.id}/visitor", data={"visitor": provider_staff.id})
    assert refused.status_code == 422
    assert db.session.get(StaffExchange, event.id).guest_id is None

    # Luovi's coordinator chooses among Luovi's own people.
    luovi = login(provider_coordinator)
    page = luovi.get(f"/calendar/events/{event.id}").get_data(as_text=True)
    assert 'name="visitor"' in page and provider_staff.name in page
    response = luovi.post(
        f"/calendar/events/{event.id}/visitor", data={"visitor": provider_staff.id}
    )
    assert response.status_code == 303
    db.session.expire_all()
    exchange = db.session.get(StaffExchange, event.id)
    assert exchange.guest_id == provider_staff.id
    # The visitor is invited by name; the host now sees the one person named, and only them.
    page = host.get(f"/calendar/events/{event.id}").get_data(as_text=True)
    assert provider_staff.name in page and 'name="visitor"' not in page


def test_a_person_of_the_guest_party_offers_to_go(
    login: Login,
    coordinator: User,
    provider: Party,
    provider_coordinator: User,
    provider_staff: User,
    db: Any,
) -> None:
    event = _host_opens_an_exchange(login, coordinator, provider, db)
    mikko = login(provider_staff)
    page = mikko.get(f"/calendar/events/{event.id}").get_data(as_text=True)
    # A person offers only themselves: no list of colleagues.
    assert provider_coordinator.name not in page.split('id="visitor-heading"')[1]
    other = mikko.post(
        f"/calendar/events/{event.id}/visitor", data={"visitor": provider_coordinator.id}
    )
    assert other.status_code == 422
    response = mikko.post(
        f"/calendar/events/{event.id}/visitor", data={"visitor": provider_staff.id}
    )
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(StaffExchange, event.id).guest_id == provider_staff.id
    invitation = [i for i in db.session.get(Event, event.id).invitations if i.personal]
    assert [i.user_id for i in invitation] == [provider_staff.id]
    # Once named, nobody else offers themselves over them.
    page = mikko.get(f"/calendar/events/{event.id}").get_data(as_text=True)
    assert 'id="visitor-heading"' not in page
