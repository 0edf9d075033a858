"""The secret feed address: real calendar clients subscribe to it; renewing revokes the old."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
import vobject
from flask.testing import FlaskClient

from portal.annual_calendar.models import CalendarFeed, Event
from portal.auth.models import User
from tests import factories


def make_feed(client: FlaskClient) -> str:
    """Ask for an address and read it from the page that shows it once; return its path."""
    response = client.post("/calendar/feed")
    assert response.status_code == 303
    html = client.get("/calendar/feed").get_data(as_text=True)
    match = re.search(r'value="http://127\.0\.0\.1:5000(/calendar/feed/[^"]+\.ics)"', html)
    assert match, "the new address is shown"
    return match.group(1)


def uids(body: bytes) -> set[str]:
    calendar = vobject.readOne(body.decode("utf-8"))
    return {e.uid.value for e in calendar.contents.get("vevent", [])}


def test_feed_serves_the_events_the_user_may_see_without_signing_in(
    app: Any,
    login: Callable[[User], FlaskClient],
    meeting: Event,
    exchange: Event,
    provider_staff: User,
    make_event: Any,
    outsider: User,
) -> None:
    hidden = make_event(outsider, title="Muiden tapaaminen")
    path = make_feed(login(provider_staff))
    # A calendar client has no session.
    response = app.test_client().get(path)
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    assert uids(response.data) == {meeting.uid, exchange.uid}
    assert hidden.uid.encode() not in response.data


def test_address_is_shown_once_and_stored_only_as_a_hash(
    db: Any, login: Callable[[User], FlaskClient], staff: User
) -> None:
    client = login(staff)
    path = make_feed(client)
    token = path.rsplit("/", 1)[1].removesuffix(".ics")
    assert token not in client.get("/calendar/feed").get_data(as_text=True)
    feed = db.session.scalars(sa.select(CalendarFeed).where(CalendarFeed.user_id == staff.id)).one()
    assert feed.token_hash != token and len(feed.token_hash) == 64


def test_renewing_revokes_the_old_address_at_once(
    app: Any, login: Callable[[User], FlaskClient], staff: User, meeting: Event
) -> None:
    client = login(staff)
    old = make_feed(client)
    new = make_feed(client)
    calendar_client = app.test_client()
    assert calendar_client.get(new).status_code == 200
    response = calendar_client.get(old)
    assert response.status_code == 404
    assert meeting.uid.encode() not in response.data


def test_stopped_address_no_longer_works(
    app: Any, login: Callable[[User], FlaskClient], staff: User
) -> None:
    client = login(staff)
    path = make_feed(client)
    assert client.post("/calendar/feed/revoke").status_code == 303
    assert app.test_client().get(path).status_code == 404


def test_wrong_token_is_a_plain_404_that_says_nothing(client: FlaskClient, meeting: Event) -> None:
    for path in ("/calendar/feed/wrong.ics", "/calendar/feed/" + "x" * 500 + ".ics"):
        response = client.get(path)
        assert response.status_code == 404
        assert response.mimetype == "text/plain"
        assert response.get_data(as_text=True) == "Not Found\n"


def test_deactivated_persons_address_stops_working(
    app: Any, db: Any, login: Callable[[User], FlaskClient], staff: User
) -> None:
    path = make_feed(login(staff))
    staff.active = False
    db.session.commit()
    assert app.test_client().get(path).status_code == 404


def test_cancelled_events_stay_in_the_feed_as_cancelled(
    app: Any,
    login: Callable[[User], FlaskClient],
    coordinator_client: FlaskClient,
    meeting: Event,
    staff: User,
) -> None:
    path = make_feed(login(staff))
    coordinator_client.post(f"/calendar/events/{meeting.id}/cancel", data={})
    body = app.test_client().get(path).data.decode()
    calendar = vobject.readOne(body)
    [event] = calendar.contents["vevent"]
    assert event.status.value == "CANCELLED" and event.sequence.value == "1"


def test_feed_is_in_the_owners_language(
    app: Any, db: Any, login: Callable[[User], FlaskClient], staff: User, meeting: Event
) -> None:
    staff.locale = "sv"
    db.session.commit()
    body = app.test_client().get(make_feed(login(staff))).get_data(as_text=True)
    assert "CATEGORIES:Möte mellan ansvarspersoner" in body


def test_each_person_has_their_own_address(
    app: Any, login: Callable[[User], FlaskClient], workshop: Any, staff: User
) -> None:
    colleague = factories.UserFactory(party=workshop)
    first = make_feed(login(staff))
    second = make_feed(login(colleague))
    assert first != second
    assert app.test_client().get(first).status_code == 200
    assert app.test_client().get(second).status_code == 200
