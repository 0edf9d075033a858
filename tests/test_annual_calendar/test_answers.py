"""Invited people answer yes, no or maybe; the organiser sees who comes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from flask.testing import FlaskClient

from portal.annual_calendar import answers
from portal.annual_calendar.models import Answer, Event, Invitation
from portal.auth.models import User
from tests.conftest import csrf_token_from


def test_invited_person_answers_and_the_organiser_sees_it(
    db: Any,
    login: Callable[[User], FlaskClient],
    meeting: Event,
    supporting_coordinator: User,
    provider_staff: User,
    coordinator: User,
) -> None:
    anna = login(supporting_coordinator)
    response = anna.post(f"/calendar/events/{meeting.id}/answer", data={"answer": "yes"})
    assert response.status_code == 303
    # Someone of an invited party answers too, without a personal invitation.
    login(provider_staff).post(f"/calendar/events/{meeting.id}/answer", data={"answer": "maybe"})

    answers = {
        i.user_id: i.answer for i in db.session.query(Invitation).filter_by(event_id=meeting.id)
    }
    assert answers == {supporting_coordinator.id: Answer.YES, provider_staff.id: Answer.MAYBE}

    organiser_page = login(coordinator).get(f"/calendar/events/{meeting.id}").get_data(as_text=True)
    assert "Anna Mäkelä" in organiser_page and "Mikko Laine" in organiser_page
    assert "Kyllä" in organiser_page and "Ehkä" in organiser_page

    # Others see the totals and their own answer, not who answered what.
    other_page = login(provider_staff).get(f"/calendar/events/{meeting.id}").get_data(as_text=True)
    assert "Vastauksesi: Ehkä" in other_page
    assert "<caption>Vastaukset</caption>" not in other_page


def test_answer_can_be_changed(
    db: Any, login: Callable[[User], FlaskClient], meeting: Event, supporting_coordinator: User
) -> None:
    client = login(supporting_coordinator)
    client.post(f"/calendar/events/{meeting.id}/answer", data={"answer": "yes"})
    client.post(f"/calendar/events/{meeting.id}/answer", data={"answer": "no"})
    [invitation] = [i for i in meeting.invitations if i.user_id == supporting_coordinator.id]
    db.session.refresh(invitation)
    assert invitation.answer == Answer.NO and invitation.personal


def test_htmx_answer_returns_only_the_answer_block(
    login: Callable[[User], FlaskClient], meeting: Event, supporting_coordinator: User
) -> None:
    response = login(supporting_coordinator).post(
        f"/calendar/events/{meeting.id}/answer",
        data={"answer": "maybe"},
        headers={"HX-Request": "true"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in html and 'id="answer"' in html
    assert "Vastauksesi on tallennettu." in html
    assert 'value="maybe" class="button" aria-pressed="true"' in html


def test_a_wrong_answer_is_refused(
    login: Callable[[User], FlaskClient], meeting: Event, supporting_coordinator: User
) -> None:
    response = login(supporting_coordinator).post(
        f"/calendar/events/{meeting.id}/answer", data={"answer": "perhaps"}
    )
    assert response.status_code == 422


def test_cancelled_and_past_events_are_not_answered(
    db: Any,
    login: Callable[[User], FlaskClient],
    make_event: Any,
    coordinator: User,
    coordinator_client: FlaskClient,
    meeting: Event,
    provider_staff: User,
) -> None:
    coordinator_client.post(f"/calendar/events/{meeting.id}/cancel", data={})
    response = login(provider_staff).post(
        f"/calendar/events/{meeting.id}/answer", data={"answer": "yes"}
    )
    assert response.status_code == 409

    past = make_event(
        coordinator,
        day=meeting.start_date - timedelta(days=60),
        invited_party_ids=[provider_staff.party_id],
    )
    response = login(provider_staff).post(
        f"/calendar/events/{past.id}/answer", data={"answer": "yes"}
    )
    assert response.status_code == 409
    assert not [i for i in past.invitations if i.user_id == provider_staff.id]


def test_answering_needs_the_csrf_token(
    csrf_enabled: None,
    login: Callable[[User], FlaskClient],
    meeting: Event,
    supporting_coordinator: User,
) -> None:
    client = login(supporting_coordinator)
    url = f"/calendar/events/{meeting.id}/answer"
    assert client.post(url, data={"answer": "yes"}).status_code == 400
    token = csrf_token_from(client.get(f"/calendar/events/{meeting.id}").get_data(as_text=True))
    response = client.post(
        url, data={"answer": "yes"}, headers={"X-CSRFToken": token, "HX-Request": "true"}
    )
    assert response.status_code == 200


def test_an_answer_given_twice_at_once_keeps_one_row(
    app: Any, db: Any, meeting: Event, provider_staff: User
) -> None:
    """A double click: the row of the first request appears after this one loaded the event."""
    assert not [i for i in meeting.invitations if i.user_id == provider_staff.id]
    db.session.execute(
        sa.insert(Invitation).values(
            event_id=meeting.id, user_id=provider_staff.id, personal=False, answer="yes"
        )
    )
    with app.test_request_context():
        answers.answer(provider_staff, meeting, Answer.NO)
        db.session.commit()
    rows = db.session.scalars(
        sa.select(Invitation).where(
            Invitation.event_id == meeting.id, Invitation.user_id == provider_staff.id
        )
    ).all()
    assert [r.answer for r in rows] == [Answer.NO]
