"""Need to know over HTTP: the team of a placement, the consent, and who sees what.

Staff see the placements whose team they are on; coordinators all of their party's; a third
party's person, added only with a valid consent naming their party, sees that placement and
nothing else, and not even that once the consent is withdrawn.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from flask.testing import FlaskClient

from portal.auth.models import User
from portal.core.dates import today
from portal.notifications.models import Notification
from portal.placements.models import Placement, PlacementStatus, StepKind
from portal.placements.team_models import TeamMember
from tests.factories import DemonstrationFactory, PlacementBuilder, UnitFactory, UserFactory
from tests.people import People
from tests.test_placements.test_permissions import sub_urls

S = PlacementStatus
Login = Callable[[User], FlaskClient]


def _consent(client: FlaskClient, placement_id: int, *party_ids: int) -> Any:
    return client.post(
        f"/placements/{placement_id}/consent/new",
        data={
            "information": "Jakson tavoitteet ja läsnäolo",
            "parties": [str(i) for i in party_ids],
            "purpose": "Tuen jatkuvuus",
            "given_on": today().isoformat(),
            "valid_until": (today() + timedelta(days=180)).isoformat(),
            "manner": "oral",
            "noted_by": "Sanna Nieminen",
        },
    )


def _add(client: FlaskClient, placement_id: int, person: User, role: str = "social_worker") -> Any:
    return client.post(
        f"/placements/{placement_id}/team/add",
        data={"party": str(person.party_id), "person": str(person.id), "role": role},
    )


def test_staff_not_on_the_team_get_404_on_the_placement_and_everything_of_it(
    people: People, make_placement: PlacementBuilder, login: Login
) -> None:
    placement = make_placement(S.ONGOING, full_name="Aino Koivisto")
    demonstration = DemonstrationFactory(placement=placement)
    # Sanna is on the team (the fixture puts the staff there); a colleague is not.
    colleague = UserFactory(party=people.workshop, name="Ville Valmentaja")
    outside = login(colleague)
    for method, url in sub_urls(placement.id, demonstration.id):
        response = getattr(outside, method)(url, data={"body": "x", "reason": "x"})
        assert response.status_code == 404, (method, url)
    assert placement.reference not in outside.get("/placements/").get_data(as_text=True)
    assert outside.get(f"/placements/{placement.id}/team/add").status_code == 404

    member = login(people.workshop_staff).get(f"/placements/{placement.id}")
    assert member.status_code == 200 and "Aino Koivisto" in member.get_data(as_text=True)
    coordinator = login(people.workshop_coordinator).get(f"/placements/{placement.id}")
    assert coordinator.status_code == 200 and "Aino Koivisto" in coordinator.get_data(as_text=True)


def test_a_party_may_let_its_staff_see_their_units_placements_without_the_full_name(
    people: People, make_placement: PlacementBuilder, login: Login, db: Any
) -> None:
    unit = UnitFactory(party=people.workshop, name="Puu- ja metallityö")
    placement = make_placement(S.ONGOING, full_name="Aino Koivisto", workshop_unit=unit, team=())
    at_unit = UserFactory(party=people.workshop, unit=unit)
    client = login(at_unit)
    assert client.get(f"/placements/{placement.id}").status_code == 404
    people.workshop.staff_see_unit_placements = True
    db.session.commit()
    page = client.get(f"/placements/{placement.id}")
    assert page.status_code == 200
    assert "Aino Koivisto" not in page.get_data(as_text=True)


def test_a_third_party_joins_only_by_consent_sees_only_that_placement_and_leaves_with_it(
    people: People, make_placement: PlacementBuilder, login: Login, db: Any, mailbox: Any
) -> None:
    placement = make_placement(S.ONGOING, full_name="Aino Koivisto")
    other = make_placement(S.ONGOING, reference="LUOVI-2026-002")
    social_worker = UserFactory(party=people.social, name="Sirpa Sosiaalityöntekijä")
    coordinator = login(people.provider_coordinator)

    refused = _add(coordinator, placement.id, social_worker)
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert "suostumusta, joka nimeää osapuolen" in html and 'id="person-error"' in html
    assert login(social_worker).get(f"/placements/{placement.id}").status_code == 404

    assert (
        _consent(coordinator, placement.id, people.provider.id, people.social.id).status_code == 303
    )
    assert _add(coordinator, placement.id, social_worker).status_code == 303
    notice = db.session.scalars(
        sa.select(Notification).where(Notification.user_id == social_worker.id)
    ).one()
    assert "Aino" not in str(notice.params)

    third = login(social_worker)
    assert third.get(f"/placements/{placement.id}").status_code == 200
    assert third.get(f"/placements/{other.id}").status_code == 404
    listing = third.get("/placements/mine").get_data(as_text=True)
    assert placement.reference in listing and other.reference not in listing

    consent_id = placement.consents[0].id
    withdrawn = coordinator.post(
        f"/placements/{placement.id}/consent/{consent_id}/withdraw",
        data={"reason": "Nuori perui suostumuksen."},
    )
    assert withdrawn.status_code == 303
    assert third.get(f"/placements/{placement.id}").status_code == 404
    assert (
        db.session.scalars(
            sa.select(TeamMember).where(TeamMember.user_id == social_worker.id)
        ).all()
        == []
    )
    kinds = [s.kind for s in placement.steps]
    assert StepKind.CONSENT_WITHDRAWN in kinds and StepKind.TEAM_MEMBER_ADDED in kinds


def test_staff_on_the_team_add_a_colleague_who_then_sees_it_and_is_told(
    people: People, make_placement: PlacementBuilder, login: Login, db: Any
) -> None:
    placement = make_placement(S.SUBMITTED)
    colleague = UserFactory(party=people.workshop, name="Ville Valmentaja")
    assert login(colleague).get(f"/placements/{placement.id}").status_code == 404
    added = _add(login(people.workshop_staff), placement.id, colleague, role="job_coach")
    assert added.status_code == 303
    assert login(colleague).get(f"/placements/{placement.id}").status_code == 200
    assert (
        db.session.scalars(sa.select(Notification).where(Notification.user_id == colleague.id))
        .one()
        .kind
        == "placement.team_added"
    )
    # Someone who is not on the team may not add anyone.
    stranger = UserFactory(party=people.workshop)
    assert _add(login(stranger), placement.id, stranger, "job_coach").status_code == 404


def test_my_trainees_lists_my_placements_with_the_consent_to_record_first(
    people: People, make_placement: PlacementBuilder, login: Login
) -> None:
    mine = make_placement(S.ONGOING)
    make_placement(S.ONGOING, reference="LUOVI-2026-009", team=())
    page = login(people.workshop_staff).get("/placements/mine").get_data(as_text=True)
    assert mine.reference in page and "LUOVI-2026-009" not in page
    assert "Kirjaa nuoren suostumus" in page
    detail = login(people.workshop_staff).get(f"/placements/{mine.id}").get_data(as_text=True)
    assert "first-thing" in detail


def test_the_demo_has_teams_a_consent_with_kymsote_and_one_still_to_record(
    runner: Any, db: Any, login: Login
) -> None:
    assert runner.invoke(args=["seed-demo"]).exit_code == 0

    def person(email: str) -> User:
        return db.session.scalar(sa.select(User).where(User.email == email))

    sanna, leena = person("sanna.nieminen@parik.example"), person("leena.heikkinen@kymsote.example")
    ongoing = db.session.scalar(sa.select(Placement).where(Placement.reference == "LUOVI-2026-031"))
    mine = login(sanna).get("/placements/mine").get_data(as_text=True)
    assert ongoing.reference in mine and "Kirjaa nuoren suostumus" in mine
    social = login(leena)
    assert social.get(f"/placements/{ongoing.id}").status_code == 200
    others = db.session.scalars(sa.select(Placement).where(Placement.id != ongoing.id)).all()
    assert others and all(social.get(f"/placements/{p.id}").status_code == 404 for p in others)


def test_only_the_partys_coordinator_chooses_that_staff_see_their_units_placements(
    people: People, login: Login, db: Any
) -> None:
    url = f"/parties/{people.workshop.id}/need-to-know"
    for who in (people.workshop_staff, people.provider_coordinator):
        assert login(who).post(url, data={"staff_see_unit_placements": "y"}).status_code == 403
    assert not people.workshop.staff_see_unit_placements
    page = login(people.workshop_coordinator).get(f"/parties/{people.workshop.id}")
    assert 'id="need-to-know"' in page.get_data(as_text=True)
    saved = login(people.workshop_coordinator).post(url, data={"staff_see_unit_placements": "y"})
    assert saved.status_code == 303
    db.session.refresh(people.workshop)
    assert people.workshop.staff_see_unit_placements


def test_the_search_offers_the_chosen_partys_people_not_yet_on_the_team(
    people: People, make_placement: PlacementBuilder, login: Login
) -> None:
    placement = make_placement(S.SUBMITTED)
    UserFactory(party=people.workshop, name="Ville Valmentaja", title="Työvalmentaja")
    UserFactory(party=people.workshop, name="Veera Ohjaaja")
    client = login(people.provider_coordinator)
    url = f"/placements/{placement.id}/team/add?party={people.workshop.id}&search=ville"
    fragment = client.get(url, headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "<html" not in fragment and 'id="person"' in fragment
    assert "Ville Valmentaja, Työvalmentaja" in fragment and "Veera" not in fragment
    # Sanna is on the team already; Kymsote is not offered without a consent.
    everyone = client.get(f"/placements/{placement.id}/team/add?party={people.workshop.id}")
    assert "Sanna Nieminen" not in everyone.get_data(as_text=True).split('id="person"')[1]
    assert people.social.name not in everyone.get_data(as_text=True)
    mine = login(people.workshop_staff).get("/placements/mine", headers={"HX-Request": "true"})
    assert mine.status_code == 200 and placement.reference in mine.get_data(as_text=True)


def test_removed_from_the_team_the_person_loses_sight_at_once_and_it_is_in_the_timeline(
    people: People, make_placement: PlacementBuilder, login: Login, db: Any
) -> None:
    placement = make_placement(S.ONGOING)
    member = next(m for m in placement.team if m.user_id == people.workshop_staff.id)
    staff = login(people.workshop_staff)
    assert staff.get(f"/placements/{placement.id}").status_code == 200
    removed = login(people.workshop_coordinator).post(
        f"/placements/{placement.id}/team/{member.id}/remove"
    )
    assert removed.status_code == 303
    assert staff.get(f"/placements/{placement.id}").status_code == 404
    db.session.expire_all()
    assert [s.kind for s in placement.steps][-1] == StepKind.TEAM_MEMBER_REMOVED


def test_a_draft_takes_no_one_of_the_receiver_and_a_third_partys_coordinator_sees_nothing(
    people: People, make_placement: PlacementBuilder, login: Login
) -> None:
    draft = make_placement(S.DRAFT, team=[people.provider_staff])
    refused = _add(login(people.provider_staff), draft.id, people.workshop_staff, "job_coach")
    assert refused.status_code == 422 and 'id="person-error"' in refused.get_data(as_text=True)
    assert login(people.workshop_staff).get(f"/placements/{draft.id}").status_code == 404
    ongoing = make_placement(S.ONGOING, reference="LUOVI-2026-002")
    assert login(people.social_coordinator).get(f"/placements/{ongoing.id}").status_code == 404


def test_my_trainees_is_its_own_menu_entry(people: People, login: Login) -> None:
    page = login(people.workshop_staff).get("/placements/mine").get_data(as_text=True)
    assert page.count('aria-current="page"') == 1
    assert 'href="/placements/mine" aria-current="page"' in page
    students = login(people.provider_staff).get("/placements/mine").get_data(as_text=True)
    assert "Omat opiskelijat" in students
