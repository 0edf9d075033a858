"""Who writes and who reads learning-environment reports, over HTTP."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from portal.auth.models import Role, User
from portal.catalogue.models import LearningEnvironment, QualificationUnit
from portal.core.dates import today
from portal.parties.models import Party, Unit
from tests import factories
from tests.conftest import csrf_token_from

REPORT = {
    "work_description": "Huonekalujen valmistus",
    "capacity": "5",
    "reported_on": today().isoformat(),
    "author": "Jukka Lehtonen",
}
UNIT = {
    "qualification": "Puuseppäalan perustutkinto",
    "name": "Puusepänteollisuuden tuotteiden valmistus",
    "code": "106789",
    "can_host_demonstration": "y",
}


def _report_of(db: Any, unit: Unit) -> LearningEnvironment | None:
    return db.session.scalar(
        sa.select(LearningEnvironment).where(LearningEnvironment.unit_id == unit.id)
    )


def test_whole_party_coordinator_writes_and_publishes_a_report(
    coordinator_client: FlaskClient, wood: Unit, db: Any
) -> None:
    assert coordinator_client.get(f"/catalogue/units/{wood.id}/report").status_code == 200
    response = coordinator_client.post(f"/catalogue/units/{wood.id}/report", data=REPORT)
    assert response.status_code == 303
    environment = _report_of(db, wood)
    assert environment is not None and not environment.is_published
    assert response.headers["Location"].endswith(f"/catalogue/reports/{environment.id}/units/new")

    response = coordinator_client.post(f"/catalogue/reports/{environment.id}/units/new", data=UNIT)
    assert response.status_code == 303
    response = coordinator_client.post(f"/catalogue/reports/{environment.id}/publish")
    assert response.status_code == 303
    html = coordinator_client.get(f"/catalogue/reports/{environment.id}").get_data(as_text=True)
    assert "Julkaistu" in html and "Puusepänteollisuuden tuotteiden valmistus" in html
    assert "106789" in html


def test_unit_coordinator_edits_only_the_report_of_their_unit(
    login: Callable[[User], FlaskClient],
    wood_coordinator: User,
    wood_report: LearningEnvironment,
    kitchen_report: LearningEnvironment,
    kitchen: Unit,
    db: Any,
) -> None:
    client = login(wood_coordinator)
    assert client.get(f"/catalogue/reports/{wood_report.id}/edit").status_code == 200
    response = client.post(
        f"/catalogue/reports/{wood_report.id}/edit", data={**REPORT, "capacity": "7"}
    )
    assert response.status_code == 303
    assert wood_report.capacity == 7

    assert client.get(f"/catalogue/reports/{kitchen_report.id}").status_code == 200
    for url in (
        f"/catalogue/reports/{kitchen_report.id}/edit",
        f"/catalogue/reports/{kitchen_report.id}/units/new",
        f"/catalogue/units/{kitchen.id}/report",
    ):
        assert client.get(url).status_code == 403
        assert client.post(url, data={**REPORT, **UNIT}).status_code == 403
    assert client.post(f"/catalogue/reports/{kitchen_report.id}/unpublish").status_code == 403
    assert kitchen_report.is_published and kitchen_report.capacity == 4


@pytest.mark.parametrize(
    "who", ["workshop staff", "provider coordinator", "other workshop's coordinator", "admin"]
)
def test_others_read_a_published_report_but_cannot_change_it(
    as_user: Callable[..., FlaskClient],
    workshop: Party,
    provider: Party,
    other_workshop: Party,
    wood: Unit,
    wood_report: LearningEnvironment,
    who: str,
) -> None:
    client = {
        "workshop staff": lambda: as_user(workshop, Role.STAFF),
        "provider coordinator": lambda: as_user(provider, Role.COORDINATOR),
        "other workshop's coordinator": lambda: as_user(other_workshop, Role.COORDINATOR),
        "admin": lambda: as_user(None, Role.ADMIN),
    }[who]()
    page = client.get(f"/catalogue/reports/{wood_report.id}")
    assert page.status_code == 200
    assert "Muokkaa raporttia" not in page.get_data(as_text=True)
    qualification_unit = wood_report.qualification_units[0]
    for url in (
        f"/catalogue/reports/{wood_report.id}/edit",
        f"/catalogue/reports/{wood_report.id}/units/new",
        f"/catalogue/reports/{wood_report.id}/units/{qualification_unit.id}/edit",
    ):
        assert client.get(url).status_code == 403, url
        assert client.post(url, data={**REPORT, **UNIT}).status_code == 403, url
    for url in (
        f"/catalogue/reports/{wood_report.id}/unpublish",
        f"/catalogue/reports/{wood_report.id}/units/{qualification_unit.id}/delete",
    ):
        assert client.post(url).status_code == 403, url
    assert client.post(f"/catalogue/units/{wood.id}/report", data=REPORT).status_code == 403
    assert wood_report.is_published and len(wood_report.qualification_units) == 2


def test_a_draft_is_seen_only_by_its_own_workshop(
    db: Any,
    as_user: Callable[..., FlaskClient],
    staff_client: FlaskClient,
    workshop: Party,
    provider: Party,
    wood: Unit,
) -> None:
    draft = factories.LearningEnvironmentFactory(
        unit=wood,
        qualification_units=[("Puuseppäalan perustutkinto", "Pintakäsittely", "")],
        draft=True,
    )
    qualification_unit = draft.qualification_units[0]
    assert staff_client.get(f"/catalogue/reports/{draft.id}").status_code == 200

    for client in (as_user(provider, Role.COORDINATOR), as_user(None, Role.ADMIN)):
        base = f"/catalogue/reports/{draft.id}"
        for url in (
            base,
            f"{base}/edit",
            f"{base}/units/new",
            f"{base}/units/{qualification_unit.id}/edit",
        ):
            assert client.get(url).status_code == 404, url
        for url in (f"{base}/publish", f"{base}/units/{qualification_unit.id}/delete"):
            assert client.post(url).status_code == 404, url
        assert "Pintakäsittely" not in client.get("/catalogue/").get_data(as_text=True)


def test_a_qualification_unit_of_another_report_is_404(
    coordinator_client: FlaskClient,
    wood_report: LearningEnvironment,
    kitchen_report: LearningEnvironment,
) -> None:
    other = kitchen_report.qualification_units[0]
    base = f"/catalogue/reports/{wood_report.id}/units/{other.id}"
    assert coordinator_client.get(f"{base}/edit").status_code == 404
    assert coordinator_client.post(f"{base}/delete").status_code == 404
    assert coordinator_client.get("/catalogue/reports/999999").status_code == 404
    assert coordinator_client.get("/catalogue/units/999999/report").status_code == 404


def test_an_education_provider_has_no_reports(
    as_user: Callable[..., FlaskClient], provider: Party
) -> None:
    unit = factories.UnitFactory(party=provider, name="Rakennus- ja puuala")
    client = as_user(provider, Role.COORDINATOR)
    assert client.get(f"/catalogue/units/{unit.id}/report").status_code == 403


def test_signing_in_is_required(client: FlaskClient, wood_report: LearningEnvironment) -> None:
    assert client.get("/catalogue/").status_code == 303
    assert client.get(f"/catalogue/reports/{wood_report.id}").status_code == 303
    response = client.get("/catalogue/", headers={"HX-Request": "true"})
    assert response.status_code == 401 and "HX-Redirect" in response.headers


def test_a_unit_has_one_report(
    coordinator_client: FlaskClient, wood: Unit, wood_report: LearningEnvironment
) -> None:
    response = coordinator_client.post(f"/catalogue/units/{wood.id}/report", data=REPORT)
    assert response.status_code == 422
    assert "Yksiköllä on jo raportti." in response.get_data(as_text=True)


def test_form_errors_are_shown_beside_the_fields_and_nothing_is_saved(
    coordinator_client: FlaskClient, wood: Unit, db: Any
) -> None:
    tomorrow = (today() + timedelta(days=1)).isoformat()
    response = coordinator_client.post(
        f"/catalogue/units/{wood.id}/report",
        data={**REPORT, "capacity": "0", "author": "", "work_description": "Sorvaus"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="capacity-error"' in html and "Kirjoita luku väliltä 1–500." in html
    assert 'id="author-error"' in html and "Kirjoita, kuka raportin laati." in html
    assert "Sorvaus" in html
    response = coordinator_client.post(
        f"/catalogue/units/{wood.id}/report", data={**REPORT, "reported_on": tomorrow}
    )
    assert response.status_code == 422
    assert "Raportin päivämäärä ei voi olla tulevaisuudessa." in response.get_data(as_text=True)
    assert _report_of(db, wood) is None


def test_qualification_unit_form_refuses_a_duplicate_and_a_bad_code(
    coordinator_client: FlaskClient, wood_report: LearningEnvironment, db: Any
) -> None:
    url = f"/catalogue/reports/{wood_report.id}/units/new"
    duplicate = {**UNIT, "name": "puusepänteollisuuden tuotteiden valmistus", "code": ""}
    response = coordinator_client.post(url, data=duplicate)
    assert response.status_code == 422
    assert "Raportissa on jo tämä tutkinnon osa" in response.get_data(as_text=True)
    response = coordinator_client.post(
        url, data={**UNIT, "name": "Pintakäsittely", "code": "10 67"}
    )
    assert response.status_code == 422
    assert 'id="code-error"' in response.get_data(as_text=True)
    count = db.session.scalar(
        sa.select(sa.func.count(QualificationUnit.id)).where(
            QualificationUnit.environment_id == wood_report.id
        )
    )
    assert count == 2


def test_save_and_add_another_returns_to_an_empty_form(
    coordinator_client: FlaskClient, wood_report: LearningEnvironment
) -> None:
    url = f"/catalogue/reports/{wood_report.id}/units/new"
    response = coordinator_client.post(
        url, data={**UNIT, "name": "Pintakäsittely", "submit_another": "y"}
    )
    assert response.status_code == 303 and response.headers["Location"].endswith(url)
    # The next unit is most often of the same qualification as the last one.
    html = coordinator_client.get(url).get_data(as_text=True)
    assert 'value="Puuseppäalan perustutkinto"' in html
    assert 'value="Pintakäsittely"' not in html


def test_publishing_needs_a_qualification_unit_and_an_active_workshop(
    coordinator_client: FlaskClient, workshop: Party, wood: Unit, db: Any
) -> None:
    draft = factories.LearningEnvironmentFactory(unit=wood, draft=True)
    response = coordinator_client.post(f"/catalogue/reports/{draft.id}/publish")
    assert response.status_code == 409
    assert "Lisää vähintään yksi tutkinnon osa" in response.get_data(as_text=True)
    assert coordinator_client.post(f"/catalogue/reports/{draft.id}/unpublish").status_code == 409

    workshop.withdrawn_on = today() - timedelta(days=1)
    db.session.commit()
    draft.qualification_units.append(
        QualificationUnit(qualification="T", name="O", code="", search_text="t o")
    )
    db.session.commit()
    response = coordinator_client.post(f"/catalogue/reports/{draft.id}/publish")
    assert response.status_code == 409
    assert "irtisanoutunut" in response.get_data(as_text=True)
    assert not draft.is_published
    other_unit = factories.UnitFactory(party=workshop, name="Uusi ala")
    response = coordinator_client.post(f"/catalogue/units/{other_unit.id}/report", data=REPORT)
    assert response.status_code == 422 and _report_of(db, other_unit) is None


def test_the_last_unit_of_a_published_report_stays(
    coordinator_client: FlaskClient, kitchen_report: LearningEnvironment
) -> None:
    only = kitchen_report.qualification_units[0]
    url = f"/catalogue/reports/{kitchen_report.id}/units/{only.id}/delete"
    assert coordinator_client.post(url).status_code == 409
    assert (
        coordinator_client.post(f"/catalogue/reports/{kitchen_report.id}/unpublish").status_code
        == 303
    )
    assert coordinator_client.post(url).status_code == 303
    assert kitchen_report.qualification_units == []


def test_state_changes_need_the_csrf_token(
    csrf_enabled: None, coordinator_client: FlaskClient, wood_report: LearningEnvironment
) -> None:
    url = f"/catalogue/reports/{wood_report.id}/unpublish"
    assert coordinator_client.post(url).status_code == 400
    assert wood_report.is_published
    token = csrf_token_from(
        coordinator_client.get(f"/catalogue/reports/{wood_report.id}").get_data(as_text=True)
    )
    assert coordinator_client.post(url, headers={"X-CSRFToken": token}).status_code == 303
    assert not wood_report.is_published
