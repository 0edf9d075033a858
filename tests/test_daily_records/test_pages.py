"""The day screen, the records by month, closing and correcting over HTTP, by role.

Parik (the workshop) records the days of Luovi's (the provider's) student; the team of the
two parties and their coordinators read them; a third party on the team by the young
person's consent, and everyone not on the team, get 404.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from portal.auth.models import User
from portal.core.audit import AuditEvent
from portal.core.dates import today
from portal.daily_records.days import month_of, previous_month
from portal.daily_records.models import ClosedMonth, DailyRecord, Presence
from portal.placements.models import Placement, PlacementStatus, StepKind
from portal.placements.team_models import TeamRole
from tests.conftest import csrf_token_from
from tests.factories import (
    ClosedMonthFactory,
    ConsentFactory,
    DailyRecordFactory,
    PlacementBuilder,
    UserFactory,
)
from tests.factories.placements import team_member_of
from tests.people import People

S = PlacementStatus
Login = Callable[[User], FlaskClient]
HX = {"HX-Request": "true"}


def _row(placement: Placement, **values: str) -> dict[str, str]:
    data = {
        "presence": "present",
        "hours": "6",
        "note": "Hyllyn kokoaminen",
        "qualification_unit": "",
    }
    data.update(values)
    return {f"p{placement.id}-{name}": value for name, value in data.items()}


def _save(
    client: FlaskClient, placement: Placement, day: date, headers: Any = None, **values: str
) -> Any:
    return client.post(
        f"/daily-records/{placement.id}/days/{day.isoformat()}",
        data=_row(placement, **values),
        headers=headers or {},
    )


def _records(db: Any, placement: Placement) -> list[DailyRecord]:
    return list(
        db.session.scalars(
            sa.select(DailyRecord)
            .where(DailyRecord.placement_id == placement.id)
            .order_by(DailyRecord.day, DailyRecord.revision)
        )
    )


def test_the_job_coach_sees_the_day_screen_and_saves_a_row_with_htmx(
    people: People, make_placement: PlacementBuilder, login: Login, db: Any
) -> None:
    placement = make_placement(S.ONGOING)
    other = make_placement(S.ONGOING, reference="LUOVI-2026-002", team=[])
    coach = login(people.workshop_staff)
    page = coach.get("/daily-records/").get_data(as_text=True)
    assert placement.reference in page and other.reference not in page
    assert f'id="row-{placement.id}"' in page

    day = today()
    response = _save(coach, placement, day, HX, hours="6,5")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<html" not in html and f'id="row-{placement.id}"' in html
    assert "Tallennettu" in html  # Saved
    assert response.headers["Vary"] == "HX-Request" or "HX-Request" in response.headers["Vary"]
    [record] = _records(db, placement)
    assert record.hours == Decimal("6.50") and record.recorded_by_id == people.workshop_staff.id

    # The workshop's coordinator records for every period of the workshop, team or not.
    every = login(people.workshop_coordinator).get("/daily-records/").get_data(as_text=True)
    assert placement.reference in every and other.reference in every

    # Saving again changes the same entry while the month is open.
    assert _save(coach, placement, day, presence="ill", hours="").status_code == 303
    [record] = _records(db, placement)
    assert record.presence == Presence.ILL and record.hours is None and record.revision == 1


def test_wrong_input_is_422_beside_the_field_keeping_what_was_typed(
    people: People, make_placement: PlacementBuilder, login: Login, db: Any
) -> None:
    placement = make_placement(S.ONGOING)
    coach = login(people.workshop_staff)
    day = today()
    too_many = _save(coach, placement, day, HX, hours="25", note="Maalaus")
    assert too_many.status_code == 422
    html = too_many.get_data(as_text=True)
    assert (
        f'id="p{placement.id}-hours-error"' in html and 'value="25"' in html and "Maalaus" in html
    )

    absent = _save(coach, placement, day, presence="absent", hours="4")
    assert absent.status_code == 422
    html = absent.get_data(as_text=True)
    assert "<html" in html and f'id="p{placement.id}-hours-error"' in html

    long_note = _save(coach, placement, day, HX, note="x" * 501)
    assert long_note.status_code == 422
    assert f'id="p{placement.id}-note-error"' in long_note.get_data(as_text=True)
    assert _records(db, placement) == []


def test_who_reads_and_who_writes(
    people: People, make_placement: PlacementBuilder, login: Login, db: Any
) -> None:
    placement = make_placement(S.ONGOING)
    DailyRecordFactory(placement=placement, day=today(), note="Hiontaa")
    month_url = f"/daily-records/placements/{placement.id}"
    for reader in (
        people.workshop_staff,
        people.workshop_coordinator,
        people.provider_staff,  # the provider's teacher on the team
        people.provider_coordinator,
    ):
        response = login(reader).get(month_url)
        assert response.status_code == 200, reader.name
        assert "Hiontaa" in response.get_data(as_text=True)

    # Only the workshop's coaches and coordinators write.
    assert _save(login(people.workshop_coordinator), placement, today()).status_code == 303
    for not_writer in (people.provider_staff, people.provider_coordinator):
        assert _save(login(not_writer), placement, today()).status_code == 404
    colleague = UserFactory(party=people.workshop, name="Ville Valmentaja")
    for outside in (colleague, people.outsider, people.social_coordinator, people.admin):
        client = login(outside)
        assert client.get(month_url).status_code == 404, outside.name
        assert _save(client, placement, today()).status_code == 404
        assert placement.reference not in client.get("/daily-records/").get_data(as_text=True)


def test_a_third_party_on_the_team_sees_the_placement_but_not_its_records(
    people: People, make_placement: PlacementBuilder, login: Login, db: Any
) -> None:
    placement = make_placement(S.ONGOING)
    consent = ConsentFactory(placement=placement, parties=[people.social])
    social_worker = UserFactory(party=people.social, name="Sirpa Sosiaalityöntekijä")
    member = team_member_of(placement, social_worker, consent)
    member.role = TeamRole.SOCIAL_WORKER
    placement.team.append(member)
    db.session.commit()
    DailyRecordFactory(placement=placement, day=today())
    third = login(social_worker)
    page = third.get(f"/placements/{placement.id}")
    assert page.status_code == 200
    assert f"/daily-records/placements/{placement.id}" not in page.get_data(as_text=True)
    assert third.get(f"/daily-records/placements/{placement.id}").status_code == 404

    # The team's own see the link on the placement's page.
    own = login(people.provider_staff).get(f"/placements/{placement.id}").get_data(as_text=True)
    assert f"/daily-records/placements/{placement.id}" in own

    withdrawn = login(people.provider_coordinator).post(
        f"/placements/{placement.id}/consent/{consent.id}/withdraw",
        data={"reason": "Nuori perui suostumuksen."},
    )
    assert withdrawn.status_code == 303
    assert third.get(f"/placements/{placement.id}").status_code == 404
    assert third.get(f"/daily-records/placements/{placement.id}").status_code == 404


def test_the_coordinator_closes_a_month_then_a_change_is_a_visible_correction(
    people: People, make_placement: PlacementBuilder, login: Login, db: Any
) -> None:
    placement = make_placement(S.ONGOING, started_on=today() - timedelta(days=70))
    last_month = previous_month(month_of(today()))
    day = last_month + timedelta(days=2)
    DailyRecordFactory(placement=placement, day=day, note="Ensimmäinen merkintä")
    coordinator = login(people.workshop_coordinator)
    month = last_month.strftime("%Y-%m")

    # The provider's coordinator reads but does not close.
    refused = login(people.provider_coordinator).post(
        f"/daily-records/placements/{placement.id}/close", data={"month": month}
    )
    assert refused.status_code == 403
    closed = coordinator.post(
        f"/daily-records/placements/{placement.id}/close", data={"month": month}
    )
    assert closed.status_code == 303
    assert (
        db.session.scalars(sa.select(ClosedMonth)).one().closed_by_id
        == people.workshop_coordinator.id
    )

    # The plain edit is refused; the correction needs its reason.
    coach = login(people.workshop_staff)
    assert _save(coach, placement, day).status_code == 409
    url = f"/daily-records/placements/{placement.id}/days/{day.isoformat()}/correct"
    no_reason = coach.post(url, data={"presence": "ill", "hours": "", "note": "", "reason": ""})
    assert no_reason.status_code == 422 and 'id="reason-error"' in no_reason.get_data(as_text=True)
    corrected = coach.post(
        url,
        data={
            "presence": "ill",
            "hours": "",
            "note": "",
            "reason": "Sairaustodistus tuli jälkikäteen",
        },
    )
    assert corrected.status_code == 303
    first, second = _records(db, placement)
    assert (first.revision, second.revision) == (1, 2) and second.presence == Presence.ILL

    page = coordinator.get(f"/daily-records/placements/{placement.id}?month={month}").get_data(
        as_text=True
    )
    assert "<s>" in page and "Ensimmäinen merkintä" in page
    assert "Sairaustodistus tuli jälkikäteen" in page
    kinds = [step.kind for step in placement.steps]
    assert StepKind.RECORDS_MONTH_CLOSED in kinds and StepKind.RECORDS_DAY_CORRECTED in kinds
    events = db.session.scalars(sa.select(AuditEvent.event)).all()
    assert "daily_records.month_closed" in events and "daily_records.corrected" in events
    # The timeline names the day, never the reason (a third party on the team reads it).
    timeline = (
        login(people.provider_staff).get(f"/placements/{placement.id}").get_data(as_text=True)
    )
    assert "Sairaustodistus" not in timeline


def test_the_coordinator_closes_a_month_for_every_period_at_once(
    people: People, make_placement: PlacementBuilder, login: Login, db: Any
) -> None:
    first = make_placement(S.ONGOING)
    second = make_placement(S.ONGOING, reference="LUOVI-2026-002")
    before = make_placement(S.ONGOING, reference="LUOVI-2026-003", started_on=today())
    last_month = previous_month(month_of(today()))
    ClosedMonthFactory(placement=second, month=last_month, closed_by=people.workshop_coordinator)
    coordinator = login(people.workshop_coordinator)
    page = coordinator.get(f"/daily-records/months?month={last_month:%Y-%m}").get_data(as_text=True)
    assert first.reference in page and second.reference not in page
    assert before.reference not in page
    response = coordinator.post(
        "/daily-records/months/close", data={"month": f"{last_month:%Y-%m}"}
    )
    assert response.status_code == 303
    closed = db.session.scalars(sa.select(ClosedMonth.placement_id)).all()
    assert sorted(closed) == sorted([first.id, second.id])
    # A month ahead is refused.
    ahead = coordinator.post(
        "/daily-records/months/close", data={"month": f"{today() + timedelta(days=40):%Y-%m}"}
    )
    assert ahead.status_code == 409
    assert login(people.workshop_staff).get("/daily-records/months").status_code == 404


def test_the_day_screen_says_when_the_day_is_a_public_holiday_or_a_weekend(
    people: People, make_placement: PlacementBuilder, login: Login
) -> None:
    coach = login(people.workshop_staff)
    new_year = date(today().year, 1, 1)
    html = coach.get(f"/daily-records/?day={new_year.isoformat()}").get_data(as_text=True)
    assert "Uudenvuodenpäivä" in html
    saturday = today() - timedelta(days=(today().weekday() - 5) % 7)
    html = coach.get(f"/daily-records/?day={saturday.isoformat()}").get_data(as_text=True)
    assert "viikonloppu" in html.lower() or "Uudenvuodenpäivä" in html


@pytest.mark.usefixtures("csrf_enabled")
def test_a_row_is_saved_only_with_the_csrf_token(
    people: People, make_placement: PlacementBuilder, login: Login, db: Any
) -> None:
    placement = make_placement(S.ONGOING)
    coach = login(people.workshop_staff)
    page = coach.get("/daily-records/").get_data(as_text=True)
    token = csrf_token_from(page.replace(f'name="p{placement.id}-csrf_token"', 'name="csrf_token"'))
    assert _save(coach, placement, today(), HX).status_code == 400
    saved = _save(coach, placement, today(), {**HX, "X-CSRFToken": token})
    assert saved.status_code == 200 and len(_records(db, placement)) == 1
    # Without JavaScript the row's own token field is sent with the form.
    data = {**_row(placement, presence="ill", hours=""), f"p{placement.id}-csrf_token": token}
    plain = coach.post(f"/daily-records/{placement.id}/days/{today().isoformat()}", data=data)
    assert plain.status_code == 303
