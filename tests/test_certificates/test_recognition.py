"""The education provider records per unit what it recognised in the HOKS and what remains;
the workshop reads it, and nobody else may record it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from flask import Flask

from portal.certificates.models import Certificate, Recognition
from portal.core.dates import today
from portal.notifications.models import Notification
from portal.placements.models import Placement, PlacementStep, StepKind
from tests.factories.certificates import issue
from tests.people import People
from tests.test_certificates.conftest import Login


def _form(certificate: Certificate, **overrides: Any) -> dict[str, Any]:
    unit = certificate.units[0]
    data = {
        "units-0-unit_id": str(unit.id),
        "units-0-recognition": "partly",
        "units-0-remaining": "Pintakäsittelyn työturvallisuus",
        "recognised_on": today().isoformat(),
    }
    data.update(overrides)
    return data


def test_the_teacher_on_the_team_records_the_recognition(
    people: People, period: Placement, login: Login, app: Flask, db: Any
) -> None:
    certificate = issue(app, people.workshop_staff, period)
    teacher = login(people.provider_staff)
    page = teacher.get(f"/certificates/{certificate.id}").get_data(as_text=True)
    assert 'id="recognition"' in page
    saved = teacher.post(f"/certificates/{certificate.id}", data=_form(certificate))
    assert saved.status_code == 303
    db.session.refresh(certificate)
    unit = certificate.units[0]
    assert unit.recognition == Recognition.PARTLY
    assert unit.remaining == "Pintakäsittelyn työturvallisuus"
    assert certificate.recognised_on == today()
    assert certificate.recognised_by_name == people.provider_staff.name
    kinds = db.session.scalars(
        sa.select(PlacementStep.kind).where(PlacementStep.placement_id == period.id)
    ).all()
    assert StepKind.CERTIFICATE_RECOGNITION in kinds
    told = db.session.scalars(
        sa.select(Notification.user_id).where(Notification.kind == "certificate.recognition")
    ).all()
    assert told == [people.workshop_coordinator.id]

    workshop_page = login(people.workshop_staff).get(f"/certificates/{certificate.id}")
    html = workshop_page.get_data(as_text=True)
    assert "Osittain tunnustettu" in html  # Partly recognised
    assert "Pintakäsittelyn työturvallisuus" in html
    assert 'id="recognition"' not in html


def test_the_workshop_may_not_record_it(
    people: People, period: Placement, login: Login, app: Flask, db: Any
) -> None:
    certificate = issue(app, people.workshop_staff, period)
    for person in (people.workshop_staff, people.workshop_coordinator):
        refused = login(person).post(f"/certificates/{certificate.id}", data=_form(certificate))
        assert refused.status_code == 403
    db.session.refresh(certificate)
    assert certificate.recognised_on is None
    assert certificate.units[0].recognition is None


def test_wrong_input_comes_back_and_nothing_is_saved(
    people: People, period: Placement, login: Login, app: Flask, db: Any
) -> None:
    certificate = issue(app, people.workshop_staff, period)
    client = login(people.provider_coordinator)
    url = f"/certificates/{certificate.id}"
    future = client.post(
        url, data=_form(certificate, recognised_on=(today() + timedelta(days=3)).isoformat())
    )
    assert future.status_code == 422
    assert "Päivämäärä ei voi olla tulevaisuudessa." in future.get_data(as_text=True)
    undecided = client.post(url, data=_form(certificate, **{"units-0-recognition": ""}))
    assert undecided.status_code == 422
    html = undecided.get_data(as_text=True)
    assert "Kirjaa vähintään yhden tutkinnon osan tunnustaminen." in html
    # What was typed is kept.
    assert "Pintakäsittelyn työturvallisuus" in html
    # For htmx, only the form's block comes back.
    partial = client.post(
        url, data=_form(certificate, **{"units-0-recognition": ""}), headers={"HX-Request": "true"}
    )
    assert partial.status_code == 422
    assert "<html" not in partial.get_data(as_text=True)
    db.session.refresh(certificate)
    assert certificate.recognised_on is None
    assert certificate.units[0].remaining == ""


def test_recorded_through_htmx_the_whole_page_is_loaded_again(
    people: People, period: Placement, login: Login, app: Flask
) -> None:
    certificate = issue(app, people.workshop_staff, period)
    saved = login(people.provider_coordinator).post(
        f"/certificates/{certificate.id}", data=_form(certificate), headers={"HX-Request": "true"}
    )
    assert saved.status_code == 200
    assert saved.headers["HX-Redirect"] == f"/certificates/{certificate.id}"
