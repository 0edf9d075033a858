"""Issuing a certificate: who may, what the form checks, and what issuing leaves behind — the
PDF as the placement's confidential document, the timeline, the audit and the notification."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from flask import Flask

from portal.certificates.models import Certificate
from portal.core.audit import AuditEvent
from portal.core.dates import today
from portal.document_links.models import DocumentLink
from portal.documents.models import Classification, Document
from portal.notifications.models import Notification
from portal.placements.models import (
    Direction,
    Placement,
    PlacementQualificationUnit,
    PlacementStatus,
    PlacementStep,
    StepKind,
)
from tests.factories import DailyRecordFactory, PlacementBuilder, UserFactory
from tests.people import People
from tests.test_certificates.conftest import Login, pdf_text, unit_report


def _form(placement: Placement, **overrides: Any) -> dict[str, Any]:
    """The issue form filled in: the first report unit chosen, the second not."""
    units = unit_report(placement.workshop_unit_id or 0)
    by_code = {u.code: u for u in units}
    data = {
        "units-0-key": f"c{by_code['106927'].id}",
        "units-0-chosen": "y",
        "units-0-skills": "Mittaa ja sahaa aihiot piirustuksen mukaan.",
        "units-0-how_shown": "Valmisti kolme hyllyä itsenäisesti.",
        "units-1-key": f"c{by_code['106930'].id}",
        "units-1-skills": "",
        "units-1-how_shown": "",
        "period_start": (today() - timedelta(days=90)).isoformat(),
        "period_end": today().isoformat(),
        "hours": "312,5",
        "assessed_by": "Sanna Nieminen, työvalmentaja",
        "signer_title": "Työvalmentaja",
    }
    data.update(overrides)
    return data


def _count(db: Any, model: Any) -> int:
    return int(db.session.scalar(sa.select(sa.func.count()).select_from(model)))


def test_the_job_coach_on_the_team_issues_a_certificate(
    people: People, period: Placement, login: Login, db: Any
) -> None:
    coach = login(people.workshop_staff)
    form = coach.get(f"/placements/{period.id}/certificates/new")
    assert form.status_code == 200
    page = form.get_data(as_text=True)
    assert "Puutuotteiden valmistus (106927)" in page and "Pintakäsittely (106930)" in page

    issued = coach.post(f"/placements/{period.id}/certificates/new", data=_form(period))
    assert issued.status_code == 303
    certificate = db.session.scalars(sa.select(Certificate)).one()
    assert issued.headers["Location"].endswith(f"/certificates/{certificate.id}")
    assert [u.label for u in certificate.units] == ["Puutuotteiden valmistus (106927)"]
    assert certificate.hours == 312.5
    assert certificate.signer_name == people.workshop_staff.name

    document = db.session.get(Document, certificate.document_id)
    assert document is not None
    assert document.classification == Classification.CONFIDENTIAL
    assert document.owner_party_id == people.workshop.id
    assert [p.id for p in document.recipients] == [people.provider.id]
    link = db.session.get(DocumentLink, document.id)
    assert link is not None and link.placement_id == period.id

    steps = db.session.scalars(
        sa.select(PlacementStep.kind).where(PlacementStep.placement_id == period.id)
    ).all()
    assert StepKind.CERTIFICATE_ISSUED in steps
    audit = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.event == "certificate.issue")
    ).one()
    assert audit.target_id == certificate.id

    told = db.session.scalars(
        sa.select(Notification).where(Notification.kind == "certificate.issued")
    ).all()
    assert {n.user_id for n in told} == {people.provider_coordinator.id, people.provider_staff.id}
    # The young person is named by the reference only.
    assert all(n.params["reference"] == period.reference for n in told)
    # The documents' own "shared with you" is not sent beside it.
    assert _count(db, Notification) == len(told)

    page = coach.get(f"/placements/{period.id}").get_data(as_text=True)
    assert "Osaamistodistus annettu" in page  # Competence certificate issued
    assert f"/certificates/{certificate.id}" in page


def test_the_pdf_names_the_units_the_workshop_the_signer_and_the_code(
    people: People, period: Placement, login: Login, db: Any, app: Flask
) -> None:
    login(people.workshop_staff).post(
        f"/placements/{period.id}/certificates/new", data=_form(period)
    )
    certificate = db.session.scalars(sa.select(Certificate)).one()
    text = pdf_text(app, certificate)
    assert "Osaamistodistus" in text  # Competence certificate, in the issuer's language
    assert "Parik-säätiö" in text
    assert "Puutuotteiden valmistus (106927)" in text
    assert "Valmisti kolme hyllyä itsenäisesti." in text
    assert "Pintakäsittely" not in text
    assert people.workshop_staff.name in text
    code = certificate.code
    assert f"{code[:4]}-{code[4:8]}-{code[8:12]}-{code[12:]}" in text
    assert period.reference in text
    assert len(code) == 16


def test_the_workshops_coordinator_issues_and_the_provider_does_not(
    people: People, period: Placement, login: Login
) -> None:
    url = f"/placements/{period.id}/certificates/new"
    assert login(people.workshop_coordinator).get(url).status_code == 200
    provider = login(people.provider_coordinator)
    assert provider.get(url).status_code == 403
    assert provider.post(url, data=_form(period)).status_code == 403
    assert url not in provider.get(f"/placements/{period.id}").get_data(as_text=True)


def test_staff_not_on_the_team_and_other_parties_get_404(
    people: People, period: Placement, login: Login, db: Any
) -> None:
    colleague = UserFactory(party=people.workshop, name="Ville Valmentaja")
    url = f"/placements/{period.id}/certificates/new"
    assert login(colleague).get(url).status_code == 404
    assert login(colleague).post(url, data=_form(period)).status_code == 404
    assert login(people.outsider).post(url, data=_form(period)).status_code == 404
    assert _count(db, Certificate) == 0


def test_a_period_not_yet_started_gets_no_certificate(
    people: People, make_placement: PlacementBuilder, login: Login
) -> None:
    agreed = make_placement(PlacementStatus.AGREED)
    coach = login(people.workshop_staff)
    refused = coach.get(f"/placements/{agreed.id}/certificates/new")
    assert refused.status_code == 409
    assert "kun pajajakso on alkanut" in refused.get_data(as_text=True)
    page = coach.get(f"/placements/{agreed.id}").get_data(as_text=True)
    assert f"/placements/{agreed.id}/certificates/new" not in page


def test_wrong_input_comes_back_beside_its_field_and_nothing_is_saved(
    people: People, period: Placement, login: Login, db: Any
) -> None:
    coach = login(people.workshop_staff)
    url = f"/placements/{period.id}/certificates/new"
    documents = _count(db, Document)

    nothing = coach.post(url, data=_form(period, **{"units-0-chosen": ""}))
    assert nothing.status_code == 422
    assert "Valitse vähintään yksi tutkinnon osa." in nothing.get_data(as_text=True)

    undescribed = coach.post(url, data=_form(period, **{"units-0-skills": ""}))
    assert undescribed.status_code == 422
    page = undescribed.get_data(as_text=True)
    assert "Kuvaa osoitettu osaaminen." in page  # Describe the skills shown.
    # What was typed is kept.
    assert "Valmisti kolme hyllyä itsenäisesti." in page

    backwards = coach.post(
        url,
        data=_form(period, period_end=(today() - timedelta(days=100)).isoformat()),
    )
    assert backwards.status_code == 422
    assert "Jakso ei voi päättyä ennen kuin se alkaa." in backwards.get_data(as_text=True)

    no_assessor = coach.post(url, data=_form(period, assessed_by=""))
    assert no_assessor.status_code == 422
    assert "Kirjoita, kuka arvioi osaamisen." in no_assessor.get_data(as_text=True)

    assert _count(db, Certificate) == 0
    assert _count(db, Document) == documents


def test_a_unit_of_another_placement_is_refused(
    people: People, period: Placement, make_placement: PlacementBuilder, login: Login, db: Any
) -> None:
    other = make_placement(PlacementStatus.COMPLETED, reference="LUOVI-2026-099")
    coach = login(people.workshop_staff)
    refused = coach.post(
        f"/placements/{period.id}/certificates/new",
        data=_form(period, **{"units-0-key": f"p{other.units[0].id}"}),
    )
    assert refused.status_code == 422
    assert "Valitse tutkinnon osat tarjotuista." in refused.get_data(as_text=True)
    assert _count(db, Certificate) == 0


def test_a_trainee_moving_to_studies_gets_one_for_the_placements_units(
    people: People, make_placement: PlacementBuilder, login: Login, db: Any
) -> None:
    to_studies = make_placement(
        PlacementStatus.AGREED,
        direction=Direction.TO_STUDIES,
        units=[PlacementQualificationUnit(name="Asiakaspalvelu", code="")],
    )
    coach = login(people.workshop_staff)
    form = coach.get(f"/placements/{to_studies.id}/certificates/new")
    assert form.status_code == 200
    unit = to_studies.units[0]
    issued = coach.post(
        f"/placements/{to_studies.id}/certificates/new",
        data={
            "units-0-key": f"p{unit.id}",
            "units-0-chosen": "y",
            "units-0-skills": "Asiakaspalvelu",
            "units-0-how_shown": "Kahvilan kassa kolme kuukautta",
            "period_start": (today() - timedelta(days=30)).isoformat(),
            "period_end": today().isoformat(),
            "assessed_by": "Sanna Nieminen",
        },
    )
    assert issued.status_code == 303
    certificate = db.session.scalars(sa.select(Certificate)).one()
    assert certificate.hours is None
    assert certificate.units[0].name == unit.name


def test_the_form_starts_with_the_period_and_the_hours_of_the_daily_records(
    people: People, period: Placement, login: Login, db: Any
) -> None:
    period.started_on = today() - timedelta(days=60)
    period.ended_on = today() - timedelta(days=1)
    day = today() - timedelta(days=3)
    DailyRecordFactory(placement=period, day=day, hours=Decimal("6.5"))
    # A correction of the same day counts instead of the entry it corrects.
    DailyRecordFactory(placement=period, day=day, revision=2, hours=Decimal("7"))
    DailyRecordFactory(placement=period, day=day - timedelta(days=1), ill=True)
    DailyRecordFactory(placement=period, day=day - timedelta(days=2))
    page = login(people.workshop_coordinator).get(f"/placements/{period.id}/certificates/new")
    html = page.get_data(as_text=True)
    assert 'value="13"' in html
    assert f'value="{period.started_on.isoformat()}"' in html
    assert f'value="{period.ended_on.isoformat()}"' in html
