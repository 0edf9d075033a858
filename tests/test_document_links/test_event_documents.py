"""An event's agenda and minutes: documents shared by the organiser's coordinators with the
invited parties, on the event's page for those who may see them; the minutes step asks for
the minutes as a document."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from portal.annual_calendar.models import EventStatus
from portal.core.models import utcnow
from portal.document_links.models import EventRole
from portal.documents.models import Classification
from tests.test_document_links.conftest import (
    Attach,
    Login,
    Share,
    World,
    documents,
    is_checked,
    links,
)

MINUTES = "Muistio: Yhteistyötapaaminen"
AGENDA = "Esityslista: Yhteistyötapaaminen"


def test_the_organiser_shares_the_minutes_from_the_event_page(
    login: Login, world: World, share: Share, db: Any
) -> None:
    client = login(world.parik_coordinator)
    event_url = f"/calendar/events/{world.meeting.id}"
    page = client.get(event_url).get_data(as_text=True)
    minutes_link = (
        f"/documents/new?next={event_url}%23minutes-documents"
        f"&amp;link=event:{world.meeting.id}&amp;role=minutes"
    )
    assert minutes_link in page
    form = client.get(minutes_link.replace("&amp;", "&")).get_data(as_text=True)
    # Pre-filled: the event, the minutes, confidential, the invited party as recipient.
    assert f'name="belongs_to" value="event:{world.meeting.id}" checked>' in form
    assert is_checked(form, "event_role", "minutes")
    assert is_checked(form, "classification", "confidential")
    assert is_checked(form, "recipients", str(world.luovi.id))
    assert not is_checked(form, "recipients", str(world.kymsote.id))
    assert f'value="{MINUTES}"' in form

    response = share(
        client,
        belongs_to=f"event:{world.meeting.id}",
        role="minutes",
        title=MINUTES,
        recipients=[world.luovi.id],
        next_url=f"{event_url}#minutes-documents",
    )
    assert response.status_code == 303
    assert response.headers["Location"] == f"{event_url}#minutes-documents"
    [link] = links(db)
    assert (link.event_id, link.event_role) == (world.meeting.id, EventRole.MINUTES)

    html = login(world.luovi_coordinator).get(event_url).get_data(as_text=True)
    minutes_section = html.split('id="minutes-heading"')[1]
    assert MINUTES in minutes_section and "mark--confidential" in minutes_section


@pytest.mark.parametrize(
    ("viewer", "sees_agenda", "sees_minutes"),
    [
        ("parik_coordinator", True, True),
        ("parik_staff", True, True),
        ("luovi_coordinator", True, True),
        # Invited with the party, but the confidential minutes go to coordinators only.
        ("luovi_staff", True, False),
        # Invited by name: a supporting organisation reads neither internal nor confidential.
        ("tpy_person", False, False),
    ],
)
def test_the_event_page_lists_only_what_the_reader_may_see(
    login: Login,
    world: World,
    attach: Attach,
    viewer: str,
    sees_agenda: bool,
    sees_minutes: bool,
) -> None:
    attach(
        world.parik_coordinator,
        world.meeting,
        title=AGENDA,
        classification=Classification.INTERNAL,
        recipients=[world.luovi],
        role=EventRole.AGENDA,
    )
    attach(
        world.parik_coordinator,
        world.meeting,
        title=MINUTES,
        recipients=[world.luovi],
        role=EventRole.MINUTES,
    )
    response = login(world.person(viewer)).get(f"/calendar/events/{world.meeting.id}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert (AGENDA in html) == sees_agenda
    assert (MINUTES in html) == sees_minutes


@pytest.mark.parametrize("viewer", ["kymsote_coordinator", "admin"])
def test_the_uninvited_see_neither_the_event_nor_its_documents(
    login: Login, world: World, attach: Attach, viewer: str
) -> None:
    minutes = attach(
        world.parik_coordinator,
        world.meeting,
        title=MINUTES,
        classification=Classification.INTERNAL,
        role=EventRole.MINUTES,
    )
    client = login(world.person(viewer))
    assert client.get(f"/calendar/events/{world.meeting.id}").status_code == 404
    # Kymsote reads the internal document as a party, but is not told which event it is of.
    detail = client.get(f"/documents/{minutes.id}")
    if viewer == "admin":
        assert detail.status_code == 404
    else:
        assert detail.status_code == 200
        html = detail.get_data(as_text=True)
        assert f"/calendar/events/{world.meeting.id}" not in html
        assert "Yhteistyötapaaminen, " not in html


def test_an_event_the_user_cannot_see_cannot_be_linked(
    login: Login, world: World, share: Share, db: Any
) -> None:
    client = login(world.parik_coordinator)
    hidden = world.other_event.id
    assert client.get(f"/documents/new?link=event:{hidden}&role=minutes").status_code == 404
    response = share(
        client,
        belongs_to=f"event:{hidden}",
        role="minutes",
        recipients=[world.luovi.id],
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="belongs_to-error"' in html and "Kymsoten palaveri" not in html
    assert documents(db) == []


def test_only_the_organisers_coordinators_share_its_agenda_and_minutes(
    login: Login, world: World, share: Share, db: Any
) -> None:
    # Luovi is invited and sees the event, but does not organise it.
    luovi = login(world.luovi_coordinator)
    assert luovi.get(f"/documents/new?link=event:{world.meeting.id}&role=agenda").status_code == 403
    html = luovi.get(f"/calendar/events/{world.meeting.id}").get_data(as_text=True)
    assert "link=event:" not in html
    response = share(
        luovi, belongs_to=f"event:{world.meeting.id}", role="agenda", recipients=[world.parik.id]
    )
    assert response.status_code == 422 and 'id="belongs_to-error"' in response.get_data(
        as_text=True
    )
    # The organiser's staff neither.
    staff = login(world.parik_staff)
    assert staff.get(f"/documents/new?link=event:{world.meeting.id}").status_code == 403
    assert documents(db) == []


def test_an_event_document_has_a_role_and_goes_to_invited_parties_only(
    login: Login, world: World, share: Share, db: Any
) -> None:
    client = login(world.parik_coordinator)
    response = share(client, belongs_to=f"event:{world.meeting.id}", recipients=[world.luovi.id])
    assert response.status_code == 422
    assert 'id="event_role-error"' in response.get_data(as_text=True)
    response = share(
        client,
        belongs_to=f"event:{world.meeting.id}",
        role="minutes",
        recipients=[world.luovi.id, world.kymsote.id],
    )
    assert response.status_code == 422
    assert 'id="recipients-error"' in response.get_data(as_text=True)
    assert documents(db) == []


def test_a_cancelled_event_takes_no_documents(
    login: Login, world: World, share: Share, db: Any
) -> None:
    world.meeting.status = EventStatus.CANCELLED
    db.session.commit()
    client = login(world.parik_coordinator)
    assert client.get(f"/documents/new?link=event:{world.meeting.id}").status_code == 403
    response = share(
        client, belongs_to=f"event:{world.meeting.id}", role="minutes", recipients=[world.luovi.id]
    )
    assert response.status_code == 422 and documents(db) == []


def test_the_minutes_step_asks_for_the_minutes_document(
    login: Login, world: World, attach: Attach, db: Any
) -> None:
    world.meeting.starts_at = utcnow() - timedelta(days=2, hours=3)
    world.meeting.ends_at = utcnow() - timedelta(days=2)
    db.session.commit()
    client = login(world.parik_coordinator)
    form = client.get(f"/calendar/events/{world.meeting.id}/minutes").get_data(as_text=True)
    assert "lyhyesti" in form  # the text is a short note now
    response = client.post(
        f"/calendar/events/{world.meeting.id}/minutes", data={"minutes": "Sovittiin vuosikellosta."}
    )
    assert response.status_code == 303
    location = response.headers["Location"]
    assert location.startswith("/documents/new?")
    assert f"link=event:{world.meeting.id}" in location and "role=minutes" in location
    assert world.meeting.minutes == "Sovittiin vuosikellosta."

    attach(world.parik_coordinator, world.meeting, recipients=[world.luovi], role=EventRole.MINUTES)
    response = client.post(
        f"/calendar/events/{world.meeting.id}/minutes", data={"minutes": "Korjattu."}
    )
    assert response.headers["Location"] == f"/calendar/events/{world.meeting.id}"
