"""Correcting the name keeps the earlier value in the timeline, for those who may read the
name; erasing runs the retention step for the placement now, after a confirmation, audited."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from flask.testing import FlaskClient

from portal.auth.models import User
from portal.core.audit import AuditEvent
from portal.placements.enums import PlacementStatus
from portal.placements.models import Placement, PlacementComment
from portal.retention.models import RetentionDone
from tests import factories
from tests.test_subject_access.conftest import NAME


def events(db: Any, name: str) -> list[AuditEvent]:
    return list(db.session.scalars(sa.select(AuditEvent).where(AuditEvent.event == name)))


def test_a_correction_keeps_the_earlier_name_in_the_timeline(
    login: Callable[[User], FlaskClient],
    workshop_coordinator: User,
    provider_staff: User,
    person: Any,
    db: Any,
) -> None:
    placement: Placement = person["ended"]
    client = login(workshop_coordinator)
    url = f"/subject-access/placements/{placement.id}/rectify"
    response = client.post(url, data={"full_name": "Aino Kallio-Virtanen", "initials": "A.K.V."})
    assert response.status_code == 303
    db.session.expire_all()
    assert placement.full_name == "Aino Kallio-Virtanen" and placement.initials == "A.K.V."
    page = client.get(f"/placements/{placement.id}").get_data(as_text=True)
    assert "Nimi oikaistu nuoren pyynnöstä" in page
    assert f"Koko nimi oli: {NAME}" in page and "Nimikirjaimet olivat: A.K." in page
    (event,) = events(db, "subject_access.rectify")
    assert event.details["fields"] == ["full_name", "initials"]
    assert NAME not in json.dumps(event.details)


def test_the_earlier_name_is_hidden_from_those_who_may_not_read_the_name(
    login: Callable[[User], FlaskClient],
    workshop_coordinator: User,
    workshop: Any,
    make_placement: Any,
    db: Any,
) -> None:
    # Staff who see the placement by their unit, not on its team, are not told the name.
    unit = factories.UnitFactory(party=workshop, name="Puu- ja metallityö")
    placement = make_placement(
        PlacementStatus.COMPLETED, full_name=NAME, workshop_unit=unit, team=()
    )
    workshop.staff_see_unit_placements = True
    at_unit = factories.UserFactory(party=workshop, unit=unit)
    db.session.commit()
    login(workshop_coordinator).post(
        f"/subject-access/placements/{placement.id}/rectify",
        data={"full_name": "Aino K.", "initials": "A.K."},
    )
    page = login(at_unit).get(f"/placements/{placement.id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Nimi oikaistu nuoren pyynnöstä" in html
    assert "Koko nimi oli" not in html and NAME not in html


def test_a_correction_without_a_change_or_with_empty_initials_is_refused(
    login: Callable[[User], FlaskClient], workshop_coordinator: User, person: Any, db: Any
) -> None:
    client = login(workshop_coordinator)
    url = f"/subject-access/placements/{person['ended'].id}/rectify"
    empty = client.post(url, data={"full_name": "Aino Kallio-Virtanen", "initials": ""})
    assert empty.status_code == 422
    html = empty.get_data(as_text=True)
    assert "Kirjoita nimikirjaimet." in html and 'value="Aino Kallio-Virtanen"' in html
    same = client.post(url, data={"full_name": NAME, "initials": "A.K."})
    assert same.status_code == 422
    assert "Mitään ei muutettu" in same.get_data(as_text=True)
    assert events(db, "subject_access.rectify") == []


def test_another_partys_placement_cannot_be_corrected_or_erased(
    login: Callable[[User], FlaskClient], workshop_coordinator: User, person: Any
) -> None:
    client = login(workshop_coordinator)
    stranger = person["stranger"].id
    assert client.get(f"/subject-access/placements/{stranger}").status_code == 404
    data = {"full_name": "X", "initials": "X", "confirm": "y"}
    assert (
        client.post(f"/subject-access/placements/{stranger}/rectify", data=data).status_code == 404
    )
    assert client.post(f"/subject-access/placements/{stranger}/erase", data=data).status_code == 404


def test_erasure_asks_for_confirmation_then_removes_the_name_and_notes_audited(
    login: Callable[[User], FlaskClient], workshop_coordinator: User, person: Any, db: Any
) -> None:
    placement: Placement = person["ended"]
    client = login(workshop_coordinator)
    page = client.get(f"/subject-access/placements/{placement.id}").get_data(as_text=True)
    assert "Tätä ei voi perua." in page
    url = f"/subject-access/placements/{placement.id}/erase"
    unconfirmed = client.post(url, data={})
    assert unconfirmed.status_code == 422
    assert "Vahvista poisto rastittamalla ruutu." in unconfirmed.get_data(as_text=True)
    db.session.expire_all()
    assert placement.full_name == NAME
    assert client.post(url, data={"confirm": "y"}).status_code == 303
    db.session.expire_all()
    assert placement.full_name == "" and placement.reference == "LUOVI-2025-007"
    bodies = db.session.scalars(
        sa.select(PlacementComment.body).where(PlacementComment.placement_id == placement.id)
    )
    assert set(bodies) == {""}
    assert db.session.scalar(
        sa.select(sa.func.count()).where(RetentionDone.placement_id == placement.id)
    )
    (event,) = events(db, "subject_access.erase")
    assert event.actor_id == workshop_coordinator.id and event.target_id == placement.id
    assert "identity" in event.details["categories"]
    # The person is no longer found by the name.
    found = client.get("/subject-access/?q=Kallio").get_data(as_text=True)
    assert "LUOVI-2025-007" not in found and "LUOVI-2026-012" in found


def test_a_placement_still_going_is_not_erased(
    login: Callable[[User], FlaskClient], workshop_coordinator: User, person: Any, db: Any
) -> None:
    placement: Placement = person["going"]
    client = login(workshop_coordinator)
    response = client.post(
        f"/subject-access/placements/{placement.id}/erase", data={"confirm": "y"}
    )
    assert response.status_code == 422
    assert "yhä käynnissä" in response.get_data(as_text=True)
    db.session.expire_all()
    assert placement.full_name == NAME
    assert events(db, "subject_access.erase") == []
