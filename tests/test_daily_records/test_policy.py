"""Need to know for daily records beyond the team: a party's staff who see a workshop period
only because it is done at their unit, and a team member whose role is not coaching."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask.testing import FlaskClient

from portal.auth.models import User
from portal.core.dates import today
from portal.placements.models import PlacementStatus
from portal.placements.team_models import TeamRole
from tests.factories import DailyRecordFactory, PlacementBuilder, UnitFactory, UserFactory
from tests.factories.placements import team_member_of
from tests.people import People

Login = Callable[[User], FlaskClient]


def test_staff_who_see_a_period_by_their_unit_do_not_read_its_days(
    people: People, make_placement: PlacementBuilder, login: Login, db: Any
) -> None:
    unit = UnitFactory(party=people.workshop, name="Puu- ja metallityö")
    placement = make_placement(PlacementStatus.ONGOING, workshop_unit=unit, team=())
    DailyRecordFactory(placement=placement, day=today())
    people.workshop.staff_see_unit_placements = True
    at_unit = UserFactory(party=people.workshop, unit=unit)
    db.session.commit()
    client = login(at_unit)
    page = client.get(f"/placements/{placement.id}")
    assert page.status_code == 200
    assert "/daily-records/placements/" not in page.get_data(as_text=True)
    assert client.get(f"/daily-records/placements/{placement.id}").status_code == 404
    assert placement.reference not in client.get("/daily-records/").get_data(as_text=True)


def test_a_team_member_of_the_workshop_who_does_not_coach_reads_but_does_not_write(
    people: People, make_placement: PlacementBuilder, login: Login, db: Any
) -> None:
    placement = make_placement(PlacementStatus.ONGOING, team=())
    instructor = UserFactory(party=people.workshop, name="Pekka Pajaohjaaja")
    member = team_member_of(placement, instructor)
    member.role = TeamRole.OTHER
    placement.team.append(member)
    db.session.commit()
    client = login(instructor)
    assert client.get(f"/daily-records/placements/{placement.id}").status_code == 200
    assert placement.reference not in client.get("/daily-records/").get_data(as_text=True)
    saved = client.post(
        f"/daily-records/{placement.id}/days/{today().isoformat()}",
        data={f"p{placement.id}-presence": "present", f"p{placement.id}-hours": "6"},
    )
    assert saved.status_code == 404
