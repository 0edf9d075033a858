"""Following up over HTTP, by role: completing a placement keeps its outcome and asks the team
again 3 and 6 months later; whoever sees the placement answers, everyone else gets 404."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask.testing import FlaskClient

from portal.auth.models import User
from portal.core import dates
from portal.core.dates import add_months
from portal.follow_up.enums import Checkpoint, Source
from portal.follow_up.models import FollowUp
from portal.placements.models import NextStep, Placement, PlacementStatus
from tests import factories
from tests.factories import PlacementBuilder
from tests.people import People

S = PlacementStatus
Login = Callable[[User], FlaskClient]
ANSWER = {"situation": "studies", "qualification": "Puuseppäalan perustutkinto", "source": "school"}


def follow_ups(db: Any, placement: Placement) -> dict[Checkpoint, FollowUp]:
    db.session.expire_all()
    rows = db.session.scalars(sa.select(FollowUp).where(FollowUp.placement_id == placement.id))
    return {f.checkpoint: f for f in rows}


def due_follow_up(placement: Placement, asked: User | None = None, **kw: Any) -> FollowUp:
    """The 3-month follow-up of ``placement``, come due today."""
    return factories.FollowUpFactory(
        placement=placement, due_on=dates.today(), asked_id=asked.id if asked else None, **kw
    )


def test_completing_keeps_the_outcome_and_asks_a_team_member_at_3_and_6_months(
    people: People, make_placement: PlacementBuilder, login: Login, db: Any
) -> None:
    placement = make_placement(S.ONGOING, started_on=dates.today() - timedelta(days=90))
    ended = dates.today() - timedelta(days=1)
    response = login(people.workshop_coordinator).post(
        f"/placements/{placement.id}/complete",
        data={"on": ended.isoformat(), "next_step": "work", "note": ""},
    )
    assert response.status_code == 303
    found = follow_ups(db, placement)
    assert set(found) == set(Checkpoint)
    end = found[Checkpoint.END]
    assert end.situation == NextStep.WORK and end.source == Source.TEAM and end.answered
    assert end.answered_by_name == people.workshop_coordinator.name
    # Maria is not on the team: the follow-ups are asked of Parik's person on it, Sanna.
    for checkpoint, months in ((Checkpoint.MONTHS_3, 3), (Checkpoint.MONTHS_6, 6)):
        assert found[checkpoint].due_on == add_months(ended, months)
        assert found[checkpoint].asked_id == people.workshop_staff.id
        assert not found[checkpoint].answered

    page = login(people.workshop_staff).get(f"/placements/{placement.id}").get_data(as_text=True)
    assert "Following up" in page or "Seuranta" in page
    assert f"/follow-ups/{found[Checkpoint.END].id}" in page
    # Not due yet: no link to answer it, only when it is asked.
    assert f'/follow-ups/{found[Checkpoint.MONTHS_3].id}"' not in page


def test_interrupting_asks_too(
    people: People, make_placement: PlacementBuilder, login: Login, db: Any
) -> None:
    placement = make_placement(S.ONGOING)
    response = login(people.provider_coordinator).post(
        f"/placements/{placement.id}/interrupt",
        data={"on": dates.today().isoformat(), "reason": "Muutti.", "next_step": "other"},
    )
    assert response.status_code == 303
    found = follow_ups(db, placement)
    assert found[Checkpoint.END].situation == NextStep.OTHER
    assert found[Checkpoint.MONTHS_3].asked_id == people.provider_staff.id


def test_a_team_member_answers_with_the_source_and_the_qualification(
    people: People, make_placement: PlacementBuilder, login: Login, db: Any
) -> None:
    placement = make_placement(S.COMPLETED, ended_on=dates.today() - timedelta(days=92))
    follow_up = due_follow_up(placement, people.workshop_staff)
    client = login(people.workshop_staff)
    form = client.get(f"/follow-ups/{follow_up.id}")
    assert form.status_code == 200
    assert placement.reference in form.get_data(as_text=True)

    response = client.post(f"/follow-ups/{follow_up.id}", data=ANSWER)
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/placements/{placement.id}#follow-up")
    found = follow_ups(db, placement)[Checkpoint.MONTHS_3]
    assert found.situation == NextStep.STUDIES and found.source == Source.SCHOOL
    assert found.qualification == "Puuseppäalan perustutkinto"
    assert found.answered_by_id == people.workshop_staff.id and found.answered
    page = client.get(f"/placements/{placement.id}").get_data(as_text=True)
    assert "Puuseppäalan perustutkinto" in page


def test_wrong_input_comes_back_beside_its_field_with_what_was_typed(
    people: People, make_placement: PlacementBuilder, login: Login, db: Any
) -> None:
    placement = make_placement(S.COMPLETED, ended_on=dates.today() - timedelta(days=92))
    follow_up = due_follow_up(placement, people.workshop_staff)
    client = login(people.workshop_staff)

    missing = client.post(f"/follow-ups/{follow_up.id}", data={"situation": "studies"})
    assert missing.status_code == 422
    html = missing.get_data(as_text=True)
    assert 'id="source-error"' in html

    no_qualification = client.post(
        f"/follow-ups/{follow_up.id}", data={"situation": "studies", "source": "register"}
    )
    assert no_qualification.status_code == 422
    html = no_qualification.get_data(as_text=True)
    assert 'id="qualification-error"' in html
    # What was chosen stays chosen.
    assert 'value="register" selected' in html or 'selected value="register"' in html
    assert not follow_ups(db, placement)[Checkpoint.MONTHS_3].answered

    code = client.post(
        f"/follow-ups/{follow_up.id}",
        data={"situation": "studies", "source": "school", "qualification": "010203A1234"},
    )
    assert code.status_code == 422
    assert not follow_ups(db, placement)[Checkpoint.MONTHS_3].answered


def test_a_follow_up_is_not_answered_before_it_is_asked(
    people: People, make_placement: PlacementBuilder, login: Login, db: Any
) -> None:
    placement = make_placement(S.COMPLETED)
    follow_up = factories.FollowUpFactory(
        placement=placement, due_on=dates.today() + timedelta(days=30)
    )
    response = login(people.workshop_staff).post(f"/follow-ups/{follow_up.id}", data=ANSWER)
    assert response.status_code == 422
    assert not follow_ups(db, placement)[Checkpoint.MONTHS_3].answered


def test_correcting_the_outcome_at_the_end_changes_the_placements_next_step(
    people: People, make_placement: PlacementBuilder, login: Login, db: Any
) -> None:
    placement = make_placement(S.COMPLETED, ended_on=dates.today(), next_step=NextStep.UNKNOWN)
    end = factories.FollowUpFactory(
        placement=placement, checkpoint=Checkpoint.END, due_on=dates.today(), answered=True
    )
    response = login(people.provider_coordinator).post(f"/follow-ups/{end.id}", data=ANSWER)
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Placement, placement.id).next_step == NextStep.STUDIES


def test_staff_not_on_the_team_and_other_parties_get_404(
    people: People, make_placement: PlacementBuilder, login: Login, db: Any
) -> None:
    placement = make_placement(S.COMPLETED, ended_on=dates.today() - timedelta(days=92))
    follow_up = due_follow_up(placement, people.workshop_staff)
    colleague = factories.UserFactory(party=people.workshop, name="Ville Valmentaja")
    for person in (
        colleague,
        people.outsider,
        people.social_coordinator,
        people.supporting_coordinator,
    ):
        client = login(person)
        assert client.get(f"/follow-ups/{follow_up.id}").status_code == 404, person.name
        assert client.post(f"/follow-ups/{follow_up.id}", data=ANSWER).status_code == 404
        assert placement.reference not in client.get("/follow-ups/?who=all").get_data(as_text=True)
    assert not follow_ups(db, placement)[Checkpoint.MONTHS_3].answered
    # The coordinators of both parties see it, and may answer.
    for coordinator in (people.workshop_coordinator, people.provider_coordinator):
        assert login(coordinator).get(f"/follow-ups/{follow_up.id}").status_code == 200


def test_a_third_party_on_the_team_sees_only_this_placement_and_not_after_the_consent(
    people: People, make_placement: PlacementBuilder, login: Login, db: Any
) -> None:
    placement = make_placement(S.COMPLETED, ended_on=dates.today() - timedelta(days=92))
    other = make_placement(
        S.COMPLETED, reference="LUOVI-2026-002", ended_on=dates.today() - timedelta(days=92)
    )
    social_worker = factories.UserFactory(party=people.social, name="Sirpa Sosiaalityöntekijä")
    consent = factories.ConsentFactory(
        placement=placement, parties=[people.provider, people.workshop, people.social]
    )
    factories.TeamMemberFactory(placement=placement, person=social_worker, consent=consent)
    mine = due_follow_up(placement, social_worker)
    theirs = due_follow_up(other, people.workshop_staff)

    client = login(social_worker)
    assert client.get(f"/follow-ups/{mine.id}").status_code == 200
    assert client.get(f"/follow-ups/{theirs.id}").status_code == 404
    listing = client.get("/follow-ups/?who=all").get_data(as_text=True)
    assert placement.reference in listing and other.reference not in listing

    withdrawn = login(people.provider_coordinator).post(
        f"/placements/{placement.id}/consent/{consent.id}/withdraw",
        data={"reason": "Nuori perui suostumuksen."},
    )
    assert withdrawn.status_code == 303
    assert client.get(f"/follow-ups/{mine.id}").status_code == 404
    assert client.post(f"/follow-ups/{mine.id}", data=ANSWER).status_code == 404
    assert placement.reference not in client.get("/follow-ups/").get_data(as_text=True)


def test_the_list_shows_mine_and_everything_i_see_paged(
    people: People, make_placement: PlacementBuilder, login: Login, db: Any
) -> None:
    mine = make_placement(S.COMPLETED, reference="LUOVI-2026-010")
    someone_elses = make_placement(S.COMPLETED, reference="LUOVI-2026-011")
    later = make_placement(S.COMPLETED, reference="LUOVI-2026-012")
    due_follow_up(mine, people.workshop_coordinator)
    due_follow_up(someone_elses, people.workshop_staff)
    factories.FollowUpFactory(
        placement=later,
        due_on=dates.today() + timedelta(days=5),
        asked_id=people.workshop_coordinator.id,
    )
    client = login(people.workshop_coordinator)
    own = client.get("/follow-ups/").get_data(as_text=True)
    assert "LUOVI-2026-010" in own and "LUOVI-2026-011" not in own and "LUOVI-2026-012" not in own
    everything = client.get("/follow-ups/?who=all").get_data(as_text=True)
    assert "LUOVI-2026-010" in everything and "LUOVI-2026-011" in everything
    partial = client.get("/follow-ups/?who=all", headers={"HX-Request": "true"})
    assert "<html" not in partial.get_data(as_text=True)
    assert "LUOVI-2026-011" in partial.get_data(as_text=True)


def test_the_front_page_lists_the_follow_ups_due_for_me(
    people: People, make_placement: PlacementBuilder, login: Login, db: Any
) -> None:
    placement = make_placement(S.COMPLETED, full_name="Aino Koivisto")
    follow_up = due_follow_up(placement, people.workshop_staff)
    later = make_placement(S.COMPLETED, reference="LUOVI-2026-002")
    factories.FollowUpFactory(
        placement=later,
        due_on=dates.today() + timedelta(days=1),
        asked_id=people.workshop_staff.id,
    )
    client = login(people.workshop_staff)
    page = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "1 follow-up asked of you is due" in page and 'href="/follow-ups/"' in page
    # The young person is not named on the front page, even to the team.
    assert "Aino Koivisto" not in page
    listing = client.get("/follow-ups/").get_data(as_text=True)
    assert f"/follow-ups/{follow_up.id}" in listing and placement.reference in listing
    other = login(people.provider_staff).get("/", headers={"Accept-Language": "en"})
    assert "asked of you" not in other.get_data(as_text=True)


def test_a_state_change_needs_the_csrf_token(
    app: Any, people: People, make_placement: PlacementBuilder, login: Login, db: Any
) -> None:
    placement = make_placement(S.COMPLETED)
    follow_up = due_follow_up(placement, people.workshop_staff)
    client = login(people.workshop_staff)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        refused = client.post(f"/follow-ups/{follow_up.id}", data=ANSWER)
        assert refused.status_code == 400
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert not follow_ups(db, placement)[Checkpoint.MONTHS_3].answered


def test_someone_else_on_the_team_may_be_asked_and_is_reminded_afresh(
    people: People, make_placement: PlacementBuilder, login: Login, db: Any
) -> None:
    placement = make_placement(S.COMPLETED)
    follow_up = due_follow_up(
        placement, people.workshop_staff, reminded_at=datetime.now(UTC) - timedelta(days=1)
    )
    client = login(people.workshop_coordinator)
    page = client.get(f"/follow-ups/{follow_up.id}").get_data(as_text=True)
    assert f'value="{people.provider_staff.id}"' in page
    # Only the team's people are offered, and only they may be chosen.
    outsider = factories.UserFactory(party=people.workshop)
    assert f'value="{outsider.id}"' not in page
    refused = client.post(f"/follow-ups/{follow_up.id}/ask", data={"ask-person": outsider.id})
    assert refused.status_code == 422 and 'id="ask-person-error"' in refused.get_data(as_text=True)

    response = client.post(
        f"/follow-ups/{follow_up.id}/ask", data={"ask-person": people.provider_staff.id}
    )
    assert response.status_code == 303
    found = follow_ups(db, placement)[Checkpoint.MONTHS_3]
    assert found.asked_id == people.provider_staff.id and found.reminded_at is None

    # Staff not on the team cannot reach it at all.
    assert (
        login(outsider)
        .post(f"/follow-ups/{follow_up.id}/ask", data={"ask-person": outsider.id})
        .status_code
        == 404
    )
