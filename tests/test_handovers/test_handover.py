"""The hand-over to the next service over HTTP, by role (DESIGN §2.7: a hand-over is confirmed
by the receiver, never left hanging).

The team records the receiving person and a hand-over meeting in the annual calendar; the
receiver joins the team, is told (by reference only), and confirms; until then the placement
cannot be completed or interrupted.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import sqlalchemy as sa

from portal.annual_calendar.models import Event, EventStatus
from portal.core.dates import today
from portal.handovers.models import Handover
from portal.notifications.models import Notification
from portal.outbox.models import OutboxMessage
from portal.placements.models import PlacementStatus, StepKind
from tests.conftest import csrf_token_from
from tests.factories import HandoverFactory, PlacementBuilder, UserFactory, team_member_of
from tests.people import People
from tests.test_handovers.conftest import Login, Scene, record

S = PlacementStatus


def _complete(client: Any, placement_id: int) -> Any:
    return client.post(
        f"/placements/{placement_id}/complete",
        data={"on": today().isoformat(), "next_step": "other"},
    )


def test_the_team_hands_over_and_the_placement_closes_only_after_the_receiver_confirms(
    people: People, scene: Scene, login: Login, db: Any
) -> None:
    placement, sirpa = scene.placement, scene.receiver
    assert login(sirpa).get(f"/placements/{placement.id}").status_code == 404

    # Sanna, the job coach on the team, records the hand-over.
    sanna = login(people.workshop_staff)
    page = sanna.get(f"/placements/{placement.id}").get_data(as_text=True)
    assert "Kirjaa saattaen vaihto" in page
    form = sanna.get(f"/placements/{placement.id}/handover/new?party={people.social.id}")
    assert form.status_code == 200 and "Sirpa Sosiaalityöntekijä" in form.get_data(as_text=True)
    assert record(sanna, placement, sirpa).status_code == 303

    handover = db.session.scalars(sa.select(Handover)).one()
    assert handover.receiver_id == sirpa.id and handover.is_open
    # The meeting is in the annual calendar, both sides and the receiver's party invited,
    # the team and the receiver by name; it names the reference, never the young person.
    event = db.session.get(Event, handover.event_id)
    assert event is not None and placement.reference in event.title
    assert "Aino" not in event.title + event.description
    assert event.organiser_party_id == people.workshop.id
    assert {p.id for p in event.invited_parties} == {people.provider.id, people.social.id}
    invited = {i.user_id for i in event.invitations if i.personal}
    assert {sirpa.id, people.workshop_staff.id, people.provider_staff.id} <= invited

    # Sirpa is on the team now, is told by reference only, and sees what waits for her.
    told = db.session.scalars(
        sa.select(Notification).where(
            Notification.user_id == sirpa.id, Notification.kind == "handover.asked"
        )
    ).one()
    assert told.params["reference"] == placement.reference and "Aino" not in str(told.params)
    # Told once of the hand-over (and invited to its meeting), not also of joining the team.
    kinds = set(
        db.session.scalars(sa.select(Notification.kind).where(Notification.user_id == sirpa.id))
    )
    assert kinds == {"handover.asked", "calendar.invited"}
    mails = db.session.scalars(sa.select(OutboxMessage)).all()
    assert mails and not any("Aino" in (m.subject + m.body) for m in mails)
    receiver = login(sirpa)
    mine = receiver.get("/placements/mine").get_data(as_text=True)
    assert placement.reference in mine and "Vahvista, että nuori on palvelussasi" in mine
    assert "Vahvista, että nuori on palvelussasi" in receiver.get(
        f"/placements/{placement.id}"
    ).get_data(as_text=True)

    # The team sees who has not confirmed; completing and interrupting wait for it.
    maria = login(people.workshop_coordinator)
    detail = maria.get(f"/placements/{placement.id}").get_data(as_text=True)
    assert "Odottaa, että Sirpa Sosiaalityöntekijä vahvistaa" in detail
    refused = _complete(maria, placement.id)
    assert refused.status_code == 422
    assert "ei ole vielä vahvistanut" in refused.get_data(as_text=True)
    assert maria.get(f"/placements/{placement.id}/complete").status_code == 409
    assert maria.get(f"/placements/{placement.id}/interrupt").status_code == 409
    db.session.refresh(placement)
    assert placement.status == S.ONGOING

    # Sirpa confirms; then the placement can be completed.
    confirmed = receiver.post(f"/placements/{placement.id}/handovers/{handover.id}/confirm")
    assert confirmed.status_code == 303
    db.session.refresh(handover)
    assert handover.confirmed_at is not None and handover.confirmed_by_name == sirpa.name
    assert db.session.scalars(
        sa.select(Notification).where(
            Notification.user_id == people.workshop_staff.id,
            Notification.kind == "handover.confirmed",
        )
    ).one()
    assert "Vahvista, että nuori" not in receiver.get("/placements/mine").get_data(as_text=True)
    assert _complete(maria, placement.id).status_code == 303
    db.session.refresh(placement)
    assert placement.status == S.COMPLETED
    kinds = [s.kind for s in placement.steps]
    assert kinds.index(StepKind.HANDOVER_RECORDED) < kinds.index(StepKind.HANDOVER_CONFIRMED)
    assert kinds.index(StepKind.HANDOVER_CONFIRMED) < kinds.index(StepKind.COMPLETED)


def test_without_a_consent_naming_the_party_the_handover_is_refused_beside_the_field(
    people: People, make_placement: PlacementBuilder, login: Login, db: Any
) -> None:
    placement = make_placement(S.ONGOING)
    sirpa = UserFactory(party=people.social, name="Sirpa Sosiaalityöntekijä")
    client = login(people.workshop_coordinator)

    # Said as soon as the party is chosen; its people are not listed.
    form = client.get(f"/placements/{placement.id}/handover/new?party={people.social.id}")
    html = form.get_data(as_text=True)
    assert "Ilman nuoren voimassa olevaa suostumusta" in html
    assert "Sirpa Sosiaalityöntekijä" not in html

    refused = record(client, placement, sirpa)
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert 'id="party-error"' in html and "Kirjaa ensin suostumus" in html
    # What was typed stays; nothing was saved, not even the meeting or the team member.
    assert "Kymsoten toimisto, Kouvola" in html
    assert db.session.scalar(sa.select(sa.func.count(Handover.id))) == 0
    assert db.session.scalar(sa.select(sa.func.count(Event.id))) == 0
    assert all(m.user_id != sirpa.id for m in placement.team)


def test_wrong_input_is_shown_beside_its_field_and_nothing_is_saved(
    people: People, scene: Scene, login: Login, db: Any
) -> None:
    client = login(people.workshop_coordinator)
    past = (today() - timedelta(days=1)).isoformat()
    cases = [
        ({"meeting_on": past}, "meeting_on"),
        ({"end_time": "08:00"}, "end_time"),
        ({"person": ""}, "person"),
        ({"service": ""}, "service"),
    ]
    for overrides, field in cases:
        response = record(client, scene.placement, scene.receiver, **overrides)
        assert response.status_code == 422, overrides
        assert f'id="{field}-error"' in response.get_data(as_text=True), overrides
    assert db.session.scalar(sa.select(sa.func.count(Handover.id))) == 0
    assert db.session.scalar(sa.select(sa.func.count(Event.id))) == 0


def test_staff_off_the_team_and_other_parties_get_404_and_only_the_receiver_confirms(
    people: People, scene: Scene, login: Login, make_placement: PlacementBuilder, db: Any
) -> None:
    placement, sirpa = scene.placement, scene.receiver
    assert record(login(people.provider_coordinator), placement, sirpa).status_code == 303
    handover = db.session.scalars(sa.select(Handover)).one()
    base = f"/placements/{placement.id}"
    urls = [
        ("get", f"{base}/handover/new"),
        ("post", f"{base}/handover/new"),
        ("post", f"{base}/handovers/{handover.id}/confirm"),
        ("get", f"{base}/handovers/{handover.id}/call-off"),
        ("post", f"{base}/handovers/{handover.id}/call-off"),
    ]
    colleague = UserFactory(party=people.workshop, name="Ville Valmentaja")
    for person in (colleague, people.outsider, people.social_coordinator, people.admin):
        client = login(person)
        for method, url in urls:
            assert getattr(client, method)(url).status_code == 404, (person.name, method, url)

    # Another placement's id with this hand-over: 404, not this hand-over.
    other = make_placement(S.ONGOING, reference="LUOVI-2026-002")
    maria = login(people.workshop_coordinator)
    assert maria.post(f"/placements/{other.id}/handovers/{handover.id}/confirm").status_code == 404

    # The team sees it but does not confirm for the receiver.
    sanna = login(people.workshop_staff)
    page = sanna.get(base).get_data(as_text=True)
    assert "Odottaa, että Sirpa Sosiaalityöntekijä vahvistaa" in page
    assert "Vahvista, että nuori on palvelussasi" not in page
    assert sanna.post(f"{base}/handovers/{handover.id}/confirm").status_code == 403
    db.session.refresh(handover)
    assert handover.is_open

    # The receiver, a third party on the team by consent, sees only this placement and
    # neither records nor calls off hand-overs.
    receiver = login(sirpa)
    assert receiver.get(f"/placements/{other.id}").status_code == 404
    assert receiver.get(f"{base}/handover/new").status_code == 403
    assert receiver.get(f"{base}/handovers/{handover.id}/call-off").status_code == 403
    assert receiver.post(f"{base}/handovers/{handover.id}/confirm").status_code == 303
    # Confirmed once: a second confirmation is refused with the reason.
    again = receiver.post(f"{base}/handovers/{handover.id}/confirm")
    assert again.status_code == 409
    assert "on jo vahvistettu" in again.get_data(as_text=True)


def test_consent_withdrawn_the_receiver_gets_404_at_once_and_the_team_calls_it_off(
    people: People, scene: Scene, login: Login, db: Any
) -> None:
    placement, sirpa = scene.placement, scene.receiver
    maria = login(people.workshop_coordinator)
    assert record(maria, placement, sirpa).status_code == 303
    handover = db.session.scalars(sa.select(Handover)).one()
    consent = placement.consents[0]
    withdrawn = maria.post(
        f"/placements/{placement.id}/consent/{consent.id}/withdraw",
        data={"reason": "Nuori perui suostumuksen."},
    )
    assert withdrawn.status_code == 303
    receiver = login(sirpa)
    assert receiver.get(f"/placements/{placement.id}").status_code == 404
    confirm_url = f"/placements/{placement.id}/handovers/{handover.id}/confirm"
    assert receiver.post(confirm_url).status_code == 404
    assert placement.reference not in receiver.get("/placements/mine").get_data(as_text=True)

    # The hand-over still holds the placement open, until the team calls it off.
    assert _complete(maria, placement.id).status_code == 422
    call_off = f"/placements/{placement.id}/handovers/{handover.id}/call-off"
    empty = maria.post(call_off, data={"reason": " "})
    assert empty.status_code == 422 and 'id="reason-error"' in empty.get_data(as_text=True)
    assert maria.post(call_off, data={"reason": "Suostumus peruttiin."}).status_code == 303
    db.session.refresh(handover)
    assert handover.called_off_at is not None and not handover.is_open
    event = db.session.get(Event, handover.event_id)
    assert event is not None and event.status == EventStatus.CANCELLED
    assert StepKind.HANDOVER_CALLED_OFF in [s.kind for s in placement.steps]
    assert _complete(maria, placement.id).status_code == 303


def test_a_handover_is_recorded_only_while_the_placement_is_ongoing(
    people: People, make_placement: PlacementBuilder, login: Login
) -> None:
    client = login(people.workshop_coordinator)
    for status in (S.AGREED, S.COMPLETED):
        placement = make_placement(status, reference=f"LUOVI-{status.value}")
        page = client.get(f"/placements/{placement.id}").get_data(as_text=True)
        assert "Kirjaa saattaen vaihto" not in page
        expected = 403 if status == S.COMPLETED else 409
        assert client.get(f"/placements/{placement.id}/handover/new").status_code == expected


def test_a_confirmed_handover_shows_who_confirmed_and_keeps_nothing_open(
    people: People, make_placement: PlacementBuilder, login: Login
) -> None:
    placement = make_placement(S.ONGOING)
    HandoverFactory(placement=placement, confirmed=True, receiver_name="Sirpa S.")
    HandoverFactory(placement=placement, called_off=True, receiver_name="Timo T.")
    client = login(people.workshop_coordinator)
    page = client.get(f"/placements/{placement.id}").get_data(as_text=True)
    assert "Vahvistanut" in page and "Perunut" in page
    assert client.get(f"/placements/{placement.id}/complete").status_code == 200


def test_the_confirmation_needs_the_csrf_token(
    people: People, make_placement: PlacementBuilder, login: Login, csrf_enabled: None, db: Any
) -> None:
    placement = make_placement(S.ONGOING)
    receiver = UserFactory(party=people.provider, name="Kalle Opinto-ohjaaja")
    handover = HandoverFactory(
        placement=placement, receiver=receiver, receiver_party=people.provider
    )
    placement.team.append(team_member_of(placement, receiver))
    db.session.commit()
    client = login(receiver)
    url = f"/placements/{placement.id}/handovers/{handover.id}/confirm"
    assert client.post(url).status_code == 400
    token = csrf_token_from(client.get(f"/placements/{placement.id}").get_data(as_text=True))
    assert client.post(url, data={"csrf_token": token}).status_code == 303
    db.session.refresh(handover)
    assert handover.confirmed_at is not None


def test_an_interruption_waits_for_the_receiver_too(
    people: People, make_placement: PlacementBuilder, login: Login, db: Any
) -> None:
    placement = make_placement(S.ONGOING)
    HandoverFactory(placement=placement)
    client = login(people.workshop_coordinator)
    response = client.post(
        f"/placements/{placement.id}/interrupt",
        data={"on": today().isoformat(), "reason": "Muutto", "next_step": "unknown"},
    )
    assert response.status_code == 422
    assert "Siirtymä pysyy auki" in response.get_data(as_text=True)
    db.session.refresh(placement)
    assert placement.status == S.ONGOING


def test_choosing_the_party_with_htmx_answers_only_the_people_block(
    people: People, scene: Scene, login: Login
) -> None:
    client = login(people.workshop_coordinator)
    url = f"/placements/{scene.placement.id}/handover/new"
    response = client.get(f"{url}?party={people.social.id}", headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in html
    assert 'id="people"' in html and "Sirpa Sosiaalityöntekijä" in html
    assert "HX-Request" in response.headers.get("Vary", "")
    # A search narrows the people offered.
    searched = client.get(
        f"{url}?party={people.workshop.id}&search=Sanna", headers={"HX-Request": "true"}
    ).get_data(as_text=True)
    assert "Sanna Nieminen" in searched and "Maria Virtanen" not in searched


def test_the_receiver_joins_the_team_in_the_role_of_the_service(
    people: People, scene: Scene, login: Login, db: Any
) -> None:
    client = login(people.workshop_coordinator)
    assert record(client, scene.placement, scene.receiver).status_code == 303
    db.session.refresh(scene.placement)
    member = next(m for m in scene.placement.team if m.user_id == scene.receiver.id)
    assert member.role.value == "social_worker" and member.consent_id is not None
    # Recording the same person again while it waits is refused beside the field.
    again = record(client, scene.placement, scene.receiver)
    assert again.status_code == 422 and 'id="person-error"' in again.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Handover.id))) == 1


def test_the_meeting_links_back_to_the_placement_for_those_who_see_it(
    people: People, scene: Scene, login: Login, db: Any
) -> None:
    assert record(login(people.workshop_staff), scene.placement, scene.receiver).status_code == 303
    handover = db.session.scalars(sa.select(Handover)).one()
    url = f"/calendar/events/{handover.event_id}"
    link = f'href="/placements/{scene.placement.id}#handover"'
    page = login(people.workshop_coordinator).get(url)
    assert page.status_code == 200 and link in page.get_data(as_text=True)
    # Kymsote is invited, but its coordinator is not on the placement's team.
    invited = login(people.social_coordinator).get(url)
    assert invited.status_code == 200 and link not in invited.get_data(as_text=True)
    assert login(people.outsider).get(url).status_code == 404
