"""The result bonus: the education provider's people record a qualification unit completed
with its date, during the period or after it; a completion within the bonus's days makes the
bonus due, which both parties see and the workshop's coordinators are told of."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from flask.testing import FlaskClient

from portal.auth.models import User
from portal.core import dates
from portal.core.i18n import HELSINKI
from portal.notifications.models import Notification
from portal.placements import results
from portal.placements.models import Placement, PlacementInstalment, PlacementStatus, StepKind
from portal.placements.prices import Instalment
from tests.conftest import csrf_token_from
from tests.factories import PlacementBuilder
from tests.test_placements.test_pages import workshop_period_form

S = PlacementStatus
Login = Callable[[User], FlaskClient]
TODAY = dates.today()


def english(login: Login, user: User) -> FlaskClient:
    user.locale = "en"
    return login(user)


def with_bonus(
    make_placement: PlacementBuilder, status: S = S.ONGOING, **overrides: Any
) -> Placement:
    overrides.setdefault("bonus_amount", Decimal("300.00"))
    overrides.setdefault("bonus_last_day", TODAY + timedelta(days=60))
    return make_placement(status, **overrides)


def url(placement: Placement, unit_id: int | None = None) -> str:
    unit_id = placement.units[0].id if unit_id is None else unit_id
    return f"/placements/{placement.id}/units/{unit_id}/completion"


def bonus_notices(db: Any) -> list[Notification]:
    return list(
        db.session.scalars(
            sa.select(Notification).where(Notification.kind == "placement.bonus_due")
        )
    )


def test_the_provider_records_a_unit_completed_and_the_bonus_falls_due(
    people: dict[str, User], login: Login, make_placement: PlacementBuilder, db: Any
) -> None:
    placement = with_bonus(make_placement, full_name="Aino Koskinen")
    staff = english(login, people["provider_staff"])
    page = staff.get(f"/placements/{placement.id}").get_data(as_text=True)
    assert "Record completed" in page and "Result bonus: €300.00 for each unit completed" in page

    form = staff.get(url(placement)).get_data(as_text=True)
    assert "The agreement grants a result bonus of €300.00" in form
    on = TODAY - timedelta(days=2)
    response = staff.post(url(placement), data={"on": on.isoformat()}, follow_redirects=True)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "The unit has been recorded completed. The result bonus is due." in page
    assert "Due: €300.00" in page and "Result bonuses due:</strong> €300.00" in page

    unit = db.session.get(Placement, placement.id).units[0]
    assert (unit.completed, unit.completed_on) == (True, on)
    assert unit.completion_recorded_by_id == people["provider_staff"].id
    assert any(
        s.kind == StepKind.UNIT_COMPLETED for s in db.session.get(Placement, placement.id).steps
    )

    # The workshop sees it too, and its coordinators are told by the reference only.
    workshop_page = english(login, people["workshop_coordinator"]).get(
        f"/placements/{placement.id}"
    )
    assert "Due: €300.00" in workshop_page.get_data(as_text=True)
    notices = bonus_notices(db)
    assert [n.user_id for n in notices] == [people["workshop_coordinator"].id]
    assert notices[0].params["reference"] == placement.reference
    assert "Aino" not in str(notices[0].params) and "A.K." not in str(notices[0].params)

    # Once recorded, it is not recorded again.
    again = staff.post(url(placement), data={"on": TODAY.isoformat()})
    assert again.status_code == 422
    assert "already been recorded completed" in again.get_data(as_text=True)


def test_a_completion_after_the_last_day_earns_no_bonus(
    people: dict[str, User], login: Login, make_placement: PlacementBuilder, db: Any
) -> None:
    placement = with_bonus(make_placement, S.COMPLETED, bonus_last_day=TODAY - timedelta(days=3))
    staff = english(login, people["provider_staff"])
    # Also after the placement is completed.
    response = staff.post(url(placement), data={"on": TODAY.isoformat()}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "The unit has been recorded completed." in page and "The result bonus is due" not in page
    assert (
        "Not due: completed outside the bonus&#39;s days" in page
        or "Not due: completed outside the bonus's days" in page
    )
    assert bonus_notices(db) == []
    assert results.bonuses_due([placement.id], TODAY) == {}


def test_a_unit_without_a_bonus_agreed_earns_none(
    people: dict[str, User], login: Login, make_placement: PlacementBuilder, db: Any
) -> None:
    placement = make_placement(S.ONGOING)
    staff = english(login, people["provider_staff"])
    assert "The agreement grants no result bonus." in staff.get(url(placement)).get_data(
        as_text=True
    )
    response = staff.post(url(placement), data={"on": TODAY.isoformat()}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "The unit has been recorded completed." in page and "Due:" not in page
    assert bonus_notices(db) == []


def test_the_date_must_be_in_the_period_or_after_and_not_ahead(
    people: dict[str, User], login: Login, make_placement: PlacementBuilder, db: Any
) -> None:
    placement = with_bonus(make_placement)
    staff = english(login, people["provider_staff"])
    before = placement.started_on - timedelta(days=1)
    response = staff.post(url(placement), data={"on": before.isoformat()})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "The date is before the period began" in html and 'id="on-error"' in html
    assert before.isoformat() in html  # what was typed is kept
    # A unit's completion counts today as Helsinki's, which is a day ahead of the server's
    # (UTC) between 22 and 24 UTC: tomorrow there is the future either way.
    tomorrow = datetime.now(HELSINKI).date() + timedelta(days=1)
    response = staff.post(url(placement), data={"on": tomorrow.isoformat()})
    assert response.status_code == 422
    assert "The date cannot be in the future." in response.get_data(as_text=True)
    response = staff.post(url(placement), data={"on": ""})
    assert response.status_code == 422
    assert db.session.get(Placement, placement.id).units[0].completed_on is None


def test_who_may_record_a_unit_completed(
    people: dict[str, User], login: Login, make_placement: PlacementBuilder, db: Any
) -> None:
    placement = with_bonus(make_placement)
    other = with_bonus(make_placement, reference="LUOVI-2026-099")
    on = {"on": TODAY.isoformat()}
    # The workshop's people see the placement but do not record completions.
    for name in ("workshop_coordinator", "workshop_staff"):
        client = login(people[name])
        assert client.get(url(placement)).status_code == 403
        assert client.post(url(placement), data=on).status_code == 403
    # Those who do not see the placement find nothing; nor another placement's unit here.
    assert login(people["outsider"]).post(url(placement), data=on).status_code == 404
    assert login(people["social_coordinator"]).post(url(placement), data=on).status_code == 404
    provider_staff = login(people["provider_staff"])
    assert provider_staff.post(url(placement, other.units[0].id), data=on).status_code == 404
    assert db.session.get(Placement, other.id).units[0].completed_on is None
    # The provider's coordinator may.
    response = login(people["provider_coordinator"]).post(url(placement), data=on)
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/placements/{placement.id}#units")


def test_staff_not_on_the_team_find_nothing(
    people: dict[str, User], login: Login, make_placement: PlacementBuilder
) -> None:
    placement = with_bonus(make_placement, team=())
    response = login(people["provider_staff"]).post(url(placement), data={"on": TODAY.isoformat()})
    assert response.status_code == 404


def test_not_before_the_period_has_started(
    people: dict[str, User], login: Login, make_placement: PlacementBuilder
) -> None:
    placement = with_bonus(make_placement, S.AGREED)
    client = english(login, people["provider_coordinator"])
    response = client.get(url(placement))
    assert response.status_code == 409
    assert "once the period has started" in response.get_data(as_text=True)


def test_instalments_and_bonuses_due_in_a_month(
    make_placement: PlacementBuilder, db: Any, request_context: None
) -> None:
    placement = with_bonus(make_placement, bonus_last_day=date(2027, 6, 30))
    placement.started_on = date(2027, 1, 10)
    placement.instalments = [
        PlacementInstalment(position=0, due_on=date(2027, 2, 28), amount=Decimal("1000.00")),
        PlacementInstalment(position=1, due_on=date(2027, 3, 1), amount=Decimal("500.50")),
    ]
    unit = placement.units[0]
    unit.completed, unit.completed_on = True, date(2027, 2, 15)
    db.session.commit()
    february = date(2027, 2, 1)
    assert results.instalments_due([placement.id], february) == {
        placement.id: [Instalment(date(2027, 2, 28), Decimal("1000.00"))]
    }
    due = results.bonuses_due([placement.id], february)
    assert [(b.unit_id, b.completed_on, b.amount) for b in due[placement.id]] == [
        (unit.id, date(2027, 2, 15), Decimal("300.00"))
    ]
    assert results.bonuses_due([placement.id], date(2027, 3, 1)) == {}
    assert results.instalments_due([], february) == {}
    assert results.month_bounds(date(2027, 12, 9)) == (date(2027, 12, 1), date(2027, 12, 31))


def test_recording_a_completion_needs_the_csrf_token(
    people: dict[str, User], login: Login, make_placement: PlacementBuilder, csrf_enabled: None
) -> None:
    placement = with_bonus(make_placement)
    client = login(people["provider_staff"])
    assert client.post(url(placement), data={"on": TODAY.isoformat()}).status_code == 400
    token = csrf_token_from(client.get(url(placement)).get_data(as_text=True))
    response = client.post(
        url(placement), data={"on": TODAY.isoformat()}, headers={"X-CSRFToken": token}
    )
    assert response.status_code == 303


def test_a_recorded_completion_stays_through_the_outcome_and_amendments(
    people: dict[str, User], login: Login, make_placement: PlacementBuilder, db: Any
) -> None:
    placement = with_bonus(make_placement)
    assert (
        login(people["provider_staff"])
        .post(url(placement), data={"on": TODAY.isoformat()})
        .status_code
        == 303
    )
    coordinator = english(login, people["provider_coordinator"])
    # An amendment may not drop the unit recorded completed.
    data = workshop_period_form(
        start_on=placement.start_on.isoformat(),
        end_on=placement.end_on.isoformat(),
        qualification_units="Kiinteistönhoito",
        bonus_amount="300",
        bonus_last_day=(TODAY + timedelta(days=60)).isoformat(),
        reason="Tutkinnon osa vaihtuu.",
    )
    response = coordinator.post(f"/placements/{placement.id}/amend", data=data)
    assert response.status_code == 422
    assert "has been recorded completed, so it stays" in response.get_data(as_text=True)
    # The outcome recorded at the end does not undo it either.
    response = coordinator.post(
        f"/placements/{placement.id}/complete",
        data={"on": TODAY.isoformat(), "next_step": "studies", "units": []},
    )
    assert response.status_code == 303
    db.session.expire_all()
    unit = db.session.get(Placement, placement.id).units[0]
    assert unit.completed and unit.completed_on == TODAY
