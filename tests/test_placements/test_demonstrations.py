"""Skills demonstrations through the pages: either party's team plans one with an assessor
of each party, the other party is told, it can be changed until it is held, and the
education provider records its result."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from portal.auth.models import User
from portal.core import dates
from portal.core.audit import AuditEvent
from portal.notifications.models import Notification
from portal.placements.enums import DemonstrationResult, TeamRole
from portal.placements.models import (
    Demonstration,
    Placement,
    PlacementStatus,
    PlacementStep,
    StepKind,
)
from tests.factories import (
    ConsentFactory,
    DemonstrationFactory,
    PlacementBuilder,
    TeamMemberFactory,
    UserFactory,
)
from tests.mail import Mailbox, body_of, deliver
from tests.people import People

S = PlacementStatus
Login = Callable[[User], FlaskClient]
TODAY = dates.today()


def form(placement: Placement, **changes: str) -> dict[str, str]:
    data = {
        "unit": str(placement.units[0].id),
        "held_on": (TODAY + timedelta(days=14)).isoformat(),
        "place": "Parik-säätiö, puutyöpaja",
        "teacher_assessor": "",
        "teacher_assessor_name": "",
        "working_life_assessor": "",
        "working_life_assessor_name": "",
    }
    return data | changes


def told(db: Any, kind: str) -> set[int]:
    rows = db.session.scalars(sa.select(Notification).where(Notification.kind == kind))
    return {n.user_id for n in rows}


def steps_of(db: Any, placement: Placement) -> list[StepKind]:
    return list(
        db.session.scalars(
            sa.select(PlacementStep.kind)
            .where(PlacementStep.placement_id == placement.id)
            .order_by(PlacementStep.id)
        )
    )


def test_the_workshops_team_plans_one_with_a_teacher_of_the_provider_and_an_external_assessor(
    app: Flask,
    db: Any,
    people: People,
    make_placement: PlacementBuilder,
    login: Login,
    mailbox: Mailbox,
) -> None:
    placement = make_placement(S.ONGOING, full_name="Aino Koivisto")
    client = login(people.workshop_staff)
    page = client.get(f"/placements/{placement.id}/demonstrations/new").get_data(as_text=True)
    # Mikko, Luovi's teacher on the team, is offered as teacher, though Sanna sees no other
    # staff of Luovi; Luovi's people are never offered as the workshop's representative.
    assert f'<option value="{people.provider_staff.id}">Mikko' in page
    assert "Puutuotteiden valmistus (106927)" in page

    response = client.post(
        f"/placements/{placement.id}/demonstrations/new",
        data=form(
            placement,
            teacher_assessor=str(people.provider_staff.id),
            working_life_assessor_name="Ulla Ulkopuolinen",
        ),
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/placements/{placement.id}#demonstrations")
    demonstration = db.session.scalars(sa.select(Demonstration)).one()
    assert demonstration.unit_id == placement.units[0].id
    assert demonstration.qualification_unit == "Puutuotteiden valmistus (106927)"
    assert demonstration.teacher_assessor_id == people.provider_staff.id
    assert demonstration.teacher_assessor == people.provider_staff.name
    assert demonstration.working_life_assessor_id is None
    assert demonstration.working_life_assessor == "Ulla Ulkopuolinen"
    assert steps_of(db, placement)[-1] == StepKind.DEMONSTRATION_ADDED
    audit = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.event == "placement.step")
    ).all()
    assert audit[-1].details["step"] == "demonstration_added"
    assert audit[-1].actor_id == people.workshop_staff.id

    # Luovi is told: its coordinator and its teacher on the team; nobody at Parik.
    assert told(db, "placement.demonstration_planned") == {
        people.provider_coordinator.id,
        people.provider_staff.id,
    }
    detail = login(people.provider_staff).get(f"/placements/{placement.id}")
    html = detail.get_data(as_text=True)
    assert "Ulla Ulkopuolinen" in html and "Suunniteltu" in html

    deliver(app)
    [mail] = mailbox.to(people.provider_coordinator.email)
    body = body_of(mail)
    assert placement.reference in body and "Parik-säätiö" in body
    for secret in ("Aino", "Koivisto", placement.initials, "Ulla"):
        assert secret not in body and secret not in str(mail["Subject"])


def test_an_assessor_is_a_person_of_their_own_party_and_a_unit_one_of_the_placements(
    db: Any, people: People, make_placement: PlacementBuilder, login: Login
) -> None:
    placement = make_placement(S.ONGOING)
    other = make_placement(S.ONGOING, reference="LUOVI-2026-002")
    client = login(people.workshop_staff)
    url = f"/placements/{placement.id}/demonstrations/new"

    wrong_party = client.post(
        url, data=form(placement, teacher_assessor=str(people.workshop_coordinator.id))
    )
    assert wrong_party.status_code == 422
    html = wrong_party.get_data(as_text=True)
    assert 'id="teacher_assessor-error"' in html and "Ammattiopisto Luovi" in html
    assert 'value="Parik-säätiö, puutyöpaja"' in html

    outsider = client.post(url, data=form(placement, working_life_assessor=str(people.outsider.id)))
    assert outsider.status_code == 422
    assert 'id="working_life_assessor-error"' in outsider.get_data(as_text=True)

    both = client.post(
        url,
        data=form(
            placement,
            working_life_assessor=str(people.workshop_staff.id),
            working_life_assessor_name="Joku Muu",
        ),
    )
    assert both.status_code == 422
    assert 'id="working_life_assessor_name-error"' in both.get_data(as_text=True)

    foreign_unit = client.post(url, data=form(placement, unit=str(other.units[0].id)))
    assert foreign_unit.status_code == 422
    assert 'id="unit-error"' in foreign_unit.get_data(as_text=True)

    missing = client.post(url, data={"place": "Paja"})
    assert missing.status_code == 422
    html = missing.get_data(as_text=True)
    assert 'id="unit-error"' in html and 'id="held_on-error"' in html
    assert db.session.scalar(sa.select(sa.func.count(Demonstration.id))) == 0


def test_the_assessors_offered_while_typing_are_the_partys_people_one_may_name(
    people: People, make_placement: PlacementBuilder, login: Login
) -> None:
    placement = make_placement(S.ONGOING)
    hidden = UserFactory(party=people.provider, name="Mirja Muu-Opettaja")
    url = f"/placements/{placement.id}/demonstrations/assessors"
    client = login(people.workshop_staff)
    teachers = client.get(url, query_string={"role": "teacher_assessor"}).get_data(as_text=True)
    assert people.provider_staff.name in teachers and people.provider_coordinator.name in teachers
    assert hidden.name not in teachers and people.workshop_staff.name not in teachers
    narrowed = client.get(
        url, query_string={"role": "teacher_assessor", "teacher_assessor_search": "Päivi"}
    ).get_data(as_text=True)
    assert people.provider_coordinator.name in narrowed
    assert people.provider_staff.name not in narrowed
    # Luovi's own people see their colleague.
    own = login(people.provider_staff).get(url, query_string={"role": "teacher_assessor"})
    assert hidden.name in own.get_data(as_text=True)
    assert client.get(url, query_string={"role": "someone"}).status_code == 404


def test_it_is_changed_until_held_and_the_other_party_is_told(
    db: Any, people: People, make_placement: PlacementBuilder, login: Login
) -> None:
    placement = make_placement(S.ONGOING)
    ahead = DemonstrationFactory(
        placement=placement,
        unit=placement.units[0],
        teacher_assessor_id=people.provider_staff.id,
        teacher_assessor=people.provider_staff.name,
    )
    client = login(people.provider_staff)
    url = f"/placements/{placement.id}/demonstrations/{ahead.id}/edit"
    page = client.get(url).get_data(as_text=True)
    assert "Parik-säätiön puupaja" in page and "Tallenna muutokset" in page
    moved = (TODAY + timedelta(days=3)).isoformat()
    response = client.post(
        url,
        data=form(
            placement,
            held_on=moved,
            teacher_assessor=str(people.provider_staff.id),
            working_life_assessor=str(people.workshop_staff.id),
        ),
    )
    assert response.status_code == 303
    db.session.refresh(ahead)
    assert ahead.held_on.isoformat() == moved
    assert ahead.working_life_assessor_id == people.workshop_staff.id
    assert steps_of(db, placement)[-1] == StepKind.DEMONSTRATION_CHANGED
    assert told(db, "placement.demonstration_changed") == {
        people.workshop_coordinator.id,
        people.workshop_staff.id,
    }

    held = DemonstrationFactory(placement=placement, held_on=TODAY - timedelta(days=1))
    for method in ("get", "post"):
        refused = getattr(client, method)(
            f"/placements/{placement.id}/demonstrations/{held.id}/edit", data=form(placement)
        )
        assert refused.status_code == 409
        assert "Näyttö on pidetty" in refused.get_data(as_text=True)
    removing = client.post(f"/placements/{placement.id}/demonstrations/{held.id}/delete")
    assert removing.status_code == 409
    assert db.session.get(Demonstration, held.id) is not None

    removed = client.post(f"/placements/{placement.id}/demonstrations/{ahead.id}/delete")
    assert removed.status_code == 303
    assert db.session.get(Demonstration, ahead.id) is None
    assert steps_of(db, placement)[-1] == StepKind.DEMONSTRATION_REMOVED
    assert people.workshop_coordinator.id in told(db, "placement.demonstration_removed")


def test_the_provider_records_the_result_from_the_day_on_and_the_workshop_is_told(
    app: Flask,
    db: Any,
    people: People,
    make_placement: PlacementBuilder,
    login: Login,
    mailbox: Mailbox,
) -> None:
    placement = make_placement(S.COMPLETED, full_name="Aino Koivisto")
    today = DemonstrationFactory(placement=placement, held_on=TODAY)
    ahead = DemonstrationFactory(placement=placement, held_on=TODAY + timedelta(days=2))
    url = f"/placements/{placement.id}/demonstrations/{today.id}/result"

    # The workshop's people plan, but do not record the result.
    assert login(people.workshop_staff).get(url).status_code == 403
    assert (
        login(people.workshop_coordinator).post(url, data={"result": "approved"}).status_code == 403
    )

    teacher = login(people.provider_staff)
    early = teacher.get(f"/placements/{placement.id}/demonstrations/{ahead.id}/result")
    assert early.status_code == 409
    assert "näyttöpäivästä alkaen" in early.get_data(as_text=True)

    wrong = teacher.post(url, data={"grade": "7"})
    assert wrong.status_code == 422
    html = wrong.get_data(as_text=True)
    assert 'id="result-error"' in html and 'id="grade-error"' in html

    response = teacher.post(url, data={"result": "approved", "grade": "4"})
    assert response.status_code == 303
    db.session.refresh(today)
    assert (today.result, today.grade) == (DemonstrationResult.APPROVED, 4)
    assert today.result_recorded_on == TODAY
    assert today.result_recorded_by_id == people.provider_staff.id
    assert steps_of(db, placement)[-1] == StepKind.DEMONSTRATION_RESULT
    assert told(db, "placement.demonstration_result") == {
        people.workshop_coordinator.id,
        people.workshop_staff.id,
    }
    shown = login(people.workshop_staff).get(f"/placements/{placement.id}")
    assert "Hyväksytty" in shown.get_data(as_text=True)
    assert "arvosana 4" in shown.get_data(as_text=True)

    # Recorded once; the demonstration is held now, so it stays as it is.
    assert teacher.post(url, data={"result": "not_yet"}).status_code == 409
    edit = f"/placements/{placement.id}/demonstrations/{today.id}/edit"
    assert teacher.get(edit).status_code == 409

    deliver(app)
    [mail] = mailbox.to(people.workshop_coordinator.email)
    body = body_of(mail)
    assert placement.reference in body
    assert "Aino" not in body and "Koivisto" not in body


def test_the_result_needs_both_assessors(
    db: Any, people: People, make_placement: PlacementBuilder, login: Login
) -> None:
    placement = make_placement(S.ONGOING)
    held = DemonstrationFactory(placement=placement, held_on=TODAY, working_life_assessor="")
    response = login(people.provider_coordinator).post(
        f"/placements/{placement.id}/demonstrations/{held.id}/result", data={"result": "approved"}
    )
    assert response.status_code == 409
    assert "Nimeä molemmat arvioijat" in response.get_data(as_text=True)
    db.session.refresh(held)
    assert held.result is None


def test_another_placements_demonstration_is_not_found_through_this_one(
    people: People, make_placement: PlacementBuilder, login: Login
) -> None:
    mine = make_placement(S.ONGOING)
    other = make_placement(S.ONGOING, reference="LUOVI-2026-002")
    theirs = DemonstrationFactory(placement=other, held_on=TODAY)
    client = login(people.provider_staff)
    for method, action in (
        ("get", "edit"),
        ("post", "edit"),
        ("get", "result"),
        ("post", "result"),
    ):
        response = getattr(client, method)(
            f"/placements/{mine.id}/demonstrations/{theirs.id}/{action}",
            data={"result": "approved"},
        )
        assert response.status_code == 404, (method, action)


def test_coordinators_of_both_parties_plan_and_a_third_party_on_the_team_only_reads(
    db: Any, people: People, make_placement: PlacementBuilder, login: Login
) -> None:
    placement = make_placement(S.ONGOING)
    for coordinator in (people.workshop_coordinator, people.provider_coordinator):
        response = login(coordinator).post(
            f"/placements/{placement.id}/demonstrations/new", data=form(placement)
        )
        assert response.status_code == 303
    assert len(placement.demonstrations) == 2

    consent = ConsentFactory(placement=placement, parties=[people.social])
    TeamMemberFactory(
        placement=placement,
        person=people.social_coordinator,
        role=TeamRole.SOCIAL_WORKER,
        consent=consent,
    )
    held = DemonstrationFactory(placement=placement, held_on=TODAY)
    db.session.commit()
    social = login(people.social_coordinator)
    page = social.get(f"/placements/{placement.id}")
    assert page.status_code == 200 and "Parik-säätiön puupaja" in page.get_data(as_text=True)
    base = f"/placements/{placement.id}/demonstrations"
    for method, url in (
        ("get", f"{base}/new"),
        ("post", f"{base}/new"),
        ("get", f"{base}/{held.id}/edit"),
        ("post", f"{base}/{held.id}/result"),
        ("post", f"{base}/{held.id}/delete"),
    ):
        response = getattr(social, method)(url, data=form(placement) | {"result": "approved"})
        assert response.status_code == 403, (method, url)
    db.session.refresh(held)
    assert held.result is None and len(placement.demonstrations) == 3
