"""Who looked: the views that show the young person's full name are logged, the others are
not; the two parties' coordinators read the log, nobody else, and nobody changes it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from portal.auth.models import User
from portal.core.dates import today
from portal.placements import access_log
from portal.placements.access_models import AppendOnlyError, PlacementAccess
from portal.placements.enums import TeamRole
from portal.placements.models import Placement, PlacementStatus
from tests import databases
from tests.factories import (
    ConsentFactory,
    PlacementBuilder,
    TeamMemberFactory,
    UnitFactory,
    UserFactory,
)
from tests.people import People

S = PlacementStatus
Login = Callable[[User], FlaskClient]
NAME = "Aino Koivisto"


def entries(db: Any, placement: Placement) -> list[tuple[int, int | None, str]]:
    rows = db.session.scalars(
        sa.select(PlacementAccess)
        .where(PlacementAccess.placement_id == placement.id)
        .order_by(PlacementAccess.seq)
    )
    return [(e.user_id, e.party_id, e.view) for e in rows]


def test_each_view_that_shows_the_name_is_logged_with_who_their_party_and_the_view(
    people: People, make_placement: PlacementBuilder, login: Login, db: Any
) -> None:
    placement = make_placement(S.ONGOING, full_name=NAME)
    maria, paivi, sanna = (
        people.workshop_coordinator,
        people.provider_coordinator,
        people.workshop_staff,
    )
    for who, url in (
        (maria, f"/placements/{placement.id}"),
        (paivi, f"/placements/{placement.id}/agreement"),
        (sanna, f"/placements/{placement.id}/agreement/1"),
    ):
        response = login(who).get(url)
        assert response.status_code == 200 and NAME in response.get_data(as_text=True), url
    assert entries(db, placement) == [
        (maria.id, people.workshop.id, "page"),
        (paivi.id, people.provider.id, "agreement"),
        (sanna.id, people.workshop.id, "agreement"),
    ]


def test_the_drafts_edit_form_shows_the_name_and_is_logged(
    people: People, make_placement: PlacementBuilder, login: Login, db: Any
) -> None:
    draft = make_placement(S.DRAFT, full_name=NAME)
    response = login(people.provider_coordinator).get(f"/placements/{draft.id}/edit")
    assert response.status_code == 200 and NAME in response.get_data(as_text=True)
    assert entries(db, draft) == [(people.provider_coordinator.id, people.provider.id, "edit")]


def test_views_that_show_only_the_reference_and_initials_write_nothing(
    people: People, make_placement: PlacementBuilder, login: Login, db: Any
) -> None:
    placement = make_placement(S.ONGOING, full_name=NAME, started_on=today())
    unnamed = make_placement(S.ONGOING, reference="LUOVI-2026-002")
    coordinator, coach = login(people.workshop_coordinator), login(people.workshop_staff)
    month = today().strftime("%Y-%m")
    for client, url in (
        (coordinator, "/placements/"),
        (coach, "/placements/mine"),
        (coach, "/daily-records/"),
        (coordinator, f"/daily-records/placements/{placement.id}?month={month}"),
        (coordinator, "/documents/"),
        (coordinator, f"/placements/{placement.id}/access-log"),
        # A placement without a full name shows none.
        (coordinator, f"/placements/{unnamed.id}"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert NAME not in response.get_data(as_text=True), url
    assert entries(db, placement) == [] and entries(db, unnamed) == []


def test_staff_who_see_the_placement_by_their_unit_see_no_name_and_are_not_logged(
    people: People, make_placement: PlacementBuilder, login: Login, db: Any
) -> None:
    unit = UnitFactory(party=people.workshop, name="Puu- ja metallityö")
    placement = make_placement(S.ONGOING, full_name=NAME, workshop_unit=unit, team=())
    people.workshop.staff_see_unit_placements = True
    at_unit = UserFactory(party=people.workshop, unit=unit)
    db.session.commit()
    response = login(at_unit).get(f"/placements/{placement.id}")
    assert response.status_code == 200 and NAME not in response.get_data(as_text=True)
    assert entries(db, placement) == []


def test_the_coordinators_of_both_parties_read_the_log_newest_first(
    people: People, make_placement: PlacementBuilder, login: Login
) -> None:
    placement = make_placement(S.ONGOING, full_name=NAME)
    login(people.workshop_staff).get(f"/placements/{placement.id}")
    login(people.provider_coordinator).get(f"/placements/{placement.id}/agreement")
    for coordinator in (people.workshop_coordinator, people.provider_coordinator):
        client = login(coordinator)
        detail = client.get(f"/placements/{placement.id}").get_data(as_text=True)
        assert f"/placements/{placement.id}/access-log" in detail
        page = client.get(f"/placements/{placement.id}/access-log")
        html = page.get_data(as_text=True)
        assert page.status_code == 200
        # Newest first: Päivi's agreement before Sanna's opening of the page.
        assert html.index("Päivi Korhonen") < html.index("Sanna Nieminen")
        assert "Valmentautujakohtainen sopimus" in html and "Siirtymän sivu" in html
        assert "Parik-säätiö" in html and "Ammattiopisto Luovi" in html
        # The log names the placement by its reference, never by the name it logs.
        assert NAME not in html
    fragment = login(people.workshop_coordinator).get(
        f"/placements/{placement.id}/access-log", headers={"HX-Request": "true"}
    )
    assert "<html" not in fragment.get_data(as_text=True)
    assert "Sanna Nieminen" in fragment.get_data(as_text=True)


def test_the_log_is_paged(
    people: People, make_placement: PlacementBuilder, login: Login, db: Any
) -> None:
    placement = make_placement(S.ONGOING, full_name=NAME)
    for _ in range(30):
        access_log.record_view(
            people.workshop_staff.id, people.workshop.id, placement.id, access_log.PAGE
        )
    db.session.commit()
    client = login(people.provider_coordinator)
    first = client.get(f"/placements/{placement.id}/access-log").get_data(as_text=True)
    assert "30 merkintää" in first and 'rel="next"' in first
    second = client.get(f"/placements/{placement.id}/access-log?page=2")
    assert second.status_code == 200 and "Sanna Nieminen" in second.get_data(as_text=True)


@pytest.mark.parametrize(
    "who", ["workshop_staff", "provider_staff", "social_coordinator", "outsider", "admin"]
)
def test_nobody_else_reads_the_log(
    people: People, make_placement: PlacementBuilder, login: Login, who: str
) -> None:
    placement = make_placement(S.ONGOING, full_name=NAME)
    client = login(people[who])
    assert client.get(f"/placements/{placement.id}/access-log").status_code == 404
    if who in ("workshop_staff", "provider_staff"):
        # On the team, they see the placement and the name, but not the link to the log.
        page = client.get(f"/placements/{placement.id}").get_data(as_text=True)
        assert NAME in page and "/access-log" not in page


def test_another_partys_placement_and_an_unknown_one_are_404(
    people: People, make_placement: PlacementBuilder, login: Login
) -> None:
    placement = make_placement(S.ONGOING, full_name=NAME)
    client = login(people.outsider)
    assert client.get(f"/placements/{placement.id}/access-log").status_code == 404
    assert client.get(f"/placements/{placement.id}").status_code == 404
    assert login(people.workshop_coordinator).get("/placements/999999/access-log").status_code == (
        404
    )


def test_a_third_party_coordinator_on_the_team_sees_the_name_but_not_the_log(
    people: People, make_placement: PlacementBuilder, login: Login, db: Any
) -> None:
    placement = make_placement(S.ONGOING, full_name=NAME)
    consent = ConsentFactory(placement=placement, parties=[people.social])
    TeamMemberFactory(
        placement=placement,
        person=people.social_coordinator,
        role=TeamRole.SOCIAL_WORKER,
        consent=consent,
    )
    db.session.commit()
    client = login(people.social_coordinator)
    page = client.get(f"/placements/{placement.id}")
    assert page.status_code == 200 and NAME in page.get_data(as_text=True)
    assert entries(db, placement) == [
        (people.social_coordinator.id, people.social.id, "page"),
    ]
    assert client.get(f"/placements/{placement.id}/access-log").status_code == 404


def test_the_entries_cannot_be_changed_through_the_app(
    people: People, make_placement: PlacementBuilder, login: Login, db: Any, app: Any
) -> None:
    placement = make_placement(S.ONGOING, full_name=NAME)
    login(people.workshop_coordinator).get(f"/placements/{placement.id}")
    entry = db.session.scalars(sa.select(PlacementAccess)).one()
    entry.view = "agreement"
    with pytest.raises(AppendOnlyError):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.get(PlacementAccess, entry.id))
    with pytest.raises(AppendOnlyError):
        db.session.flush()
    db.session.rollback()
    # No route writes to the log but by opening a view.
    for rule in app.url_map.iter_rules():
        if "access-log" in rule.rule and rule.rule.startswith("/placements"):
            assert rule.methods <= {"GET", "HEAD", "OPTIONS"}, rule.rule


def test_audit_verify_walks_the_log_and_names_a_tampered_row(
    people: People, make_placement: PlacementBuilder, login: Login, db: Any, runner: Any
) -> None:
    placement = make_placement(S.ONGOING, full_name=NAME)
    client = login(people.workshop_coordinator)
    for _ in range(4):
        client.get(f"/placements/{placement.id}")
    # Another placement's log is a chain of its own.
    other = make_placement(S.ONGOING, full_name="Eero Esimerkki", reference="LUOVI-2026-009")
    client.get(f"/placements/{other.id}")
    rows = list(db.session.scalars(sa.select(PlacementAccess).order_by(PlacementAccess.id)))
    assert [(r.placement_id, r.seq) for r in rows] == [
        (placement.id, 1),
        (placement.id, 2),
        (placement.id, 3),
        (placement.id, 4),
        (other.id, 1),
    ]
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0 and "placement_access_log: 5 rows" in result.output

    if databases.is_postgresql():
        # As someone with the database's superuser password would: triggers off.
        db.session.execute(sa.text("SET LOCAL session_replication_role = replica"))
    db.session.execute(
        sa.text("UPDATE placement_access_log SET user_id = :user WHERE id = :id"),
        {"user": people.provider_staff.id, "id": rows[1].id},
    )
    db.session.execute(
        sa.text("DELETE FROM placement_access_log WHERE id = :id"), {"id": rows[2].id}
    )
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    where = f"placement_id {placement.id}"
    assert f"row id {rows[1].id} (seq 2): {where}: edited" in result.output
    assert f"row id {rows[3].id} (seq 4): {where}: deleted: seq 3 missing" in result.output
    assert "2 problem(s)" in result.output


@pytest.mark.skipif(not databases.is_postgresql(), reason="the trigger exists on PostgreSQL only")
def test_the_portals_connection_cannot_change_or_delete_entries(
    people: People, make_placement: PlacementBuilder, login: Login, db: Any
) -> None:
    placement = make_placement(S.ONGOING, full_name=NAME)
    login(people.workshop_coordinator).get(f"/placements/{placement.id}")
    entry = db.session.scalars(sa.select(PlacementAccess)).one()
    for sql in (
        "UPDATE placement_access_log SET view = 'edit' WHERE id = :id",
        "DELETE FROM placement_access_log WHERE id = :id",
    ):
        savepoint = db.session.begin_nested()
        with pytest.raises(sa.exc.DBAPIError, match="append-only"):
            db.session.execute(sa.text(sql), {"id": entry.id})
        savepoint.rollback()


def test_a_view_that_read_a_stale_head_continues_from_the_newer_one(
    people: People, make_placement: PlacementBuilder, app: Any, db: Any
) -> None:
    placement = make_placement(S.ONGOING, full_name=NAME)
    maria = people.workshop_coordinator
    with app.test_request_context():
        loaded = db.session.scalars(
            sa.select(Placement)
            .where(Placement.id == placement.id)
            .options(*access_log.load_head())
        ).one()
        assert loaded.access_head_seq is None
        # Someone else's view is logged after this one read the head.
        access_log.record_view(people.workshop_staff.id, people.workshop.id, placement.id, "page")
        db.session.commit()
        access_log.log_view(maria, loaded, access_log.AGREEMENT)
    assert entries(db, placement) == [
        (people.workshop_staff.id, people.workshop.id, "page"),
        (maria.id, people.workshop.id, "agreement"),
    ]


def test_the_demo_has_a_log_that_verifies_and_grows_when_a_coordinator_opens_the_page(
    runner: Any, db: Any, login: Login
) -> None:
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    maria = db.session.scalar(sa.select(User).where(User.email == "maria.virtanen@parik.example"))
    paivi = db.session.scalar(sa.select(User).where(User.email == "paivi.korhonen@luovi.example"))
    ongoing = db.session.scalar(sa.select(Placement).where(Placement.reference == "LUOVI-2026-031"))
    before = len(entries(db, ongoing))
    assert before >= 5
    page = login(maria).get(f"/placements/{ongoing.id}").get_data(as_text=True)
    assert ongoing.full_name in page
    assert len(entries(db, ongoing)) == before + 1
    log = login(paivi).get(f"/placements/{ongoing.id}/access-log").get_data(as_text=True)
    assert "Leena Heikkinen" in log and "Kymenlaakson" in log and "Maria Virtanen" in log
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0, result.output
