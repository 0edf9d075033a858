"""The directory and the administrator's party forms."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from portal.auth.models import Role
from portal.parties.models import Party, UnitKind
from tests import factories


@pytest.fixture
def luovi(db: Any) -> Party:
    party = factories.PartyFactory(name="Ammattiopisto Luovi", locality="Oulu")
    factories.UnitFactory(party=party, name="Luovi Kouvola", kind=UnitKind.SITE, locality="Kouvola")
    factories.UserFactory(
        party=party,
        role=Role.COORDINATOR,
        name="Päivi Korhonen",
        email="paivi@luovi.example",
        phone="+358 50 444 5566",
    )
    factories.UserFactory(
        party=party, role=Role.STAFF, name="Mikko Laine", email="mikko@luovi.example"
    )
    return party


def test_directory_lists_coordinators_with_phone_and_email(
    staff_client: FlaskClient, luovi: Party
) -> None:
    html = staff_client.get("/directory").get_data(as_text=True)
    assert "Päivi Korhonen" in html and "+358 50 444 5566" in html and "paivi@luovi.example" in html
    assert "Mikko Laine" not in html  # staff are not listed in the directory


@pytest.mark.parametrize("query", ["luovi", "KOUVOLA", "päivi", "PÄIVI", "korhonen", "paivi@luovi"])
def test_directory_search_finds_parties_by_names_places_and_people(
    staff_client: FlaskClient, luovi: Party, query: str
) -> None:
    factories.PartyFactory(name="Muu organisaatio", locality="Tampere")
    html = staff_client.get("/directory", query_string={"q": query}).get_data(as_text=True)
    assert "Ammattiopisto Luovi" in html
    assert "Muu organisaatio" not in html


def test_directory_filters_by_kind(staff_client: FlaskClient, luovi: Party) -> None:
    factories.PartyFactory(name="Sosiaalipalvelu", kind="social_services")
    html = staff_client.get("/directory?kind=social_services").get_data(as_text=True)
    assert "Sosiaalipalvelu" in html and "Ammattiopisto Luovi" not in html


def test_directory_requires_signing_in(client: FlaskClient) -> None:
    assert client.get("/directory").status_code == 303


def test_unknown_party_is_404(staff_client: FlaskClient) -> None:
    assert staff_client.get("/parties/999999").status_code == 404


def test_wrong_business_id_is_explained_and_the_form_kept(
    admin_client: FlaskClient, db: Any
) -> None:
    response = admin_client.post(
        "/admin/parties/new",
        data={
            "name": "Kotkan paja",
            "kind": "workshop",
            "business_id": "0116297-5",
            "locality": "Kotka",
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="business_id-error"' in html and "Kirjoita kelvollinen Y-tunnus" in html
    assert 'value="Kotkan paja"' in html and 'value="Kotka"' in html
    assert db.session.query(Party).filter_by(name="Kotkan paja").count() == 0


def test_missing_name_is_explained_in_swedish(
    admin_client: FlaskClient, admin: Any, db: Any
) -> None:
    admin.locale = "sv"
    db.session.commit()
    html = admin_client.post(
        "/admin/parties/new", data={"name": "", "kind": "workshop", "business_id": "0116297-6"}
    ).get_data(as_text=True)
    assert "Ange partens namn." in html


def test_duplicate_business_id_is_refused(admin_client: FlaskClient, luovi: Party) -> None:
    response = admin_client.post(
        "/admin/parties/new",
        data={"name": "Toinen", "kind": "workshop", "business_id": luovi.business_id},
    )
    assert response.status_code == 422
    assert "Osapuoli tällä Y-tunnuksella on jo olemassa." in response.get_data(as_text=True)


def test_administrator_adds_units(admin_client: FlaskClient, luovi: Party, db: Any) -> None:
    response = admin_client.post(
        f"/admin/parties/{luovi.id}/units/new",
        data={"kind": "field", "name": "Rakennus- ja puuala", "locality": "Kouvola", "address": ""},
    )
    assert response.status_code == 303
    assert "Rakennus- ja puuala" in [u.name for u in luovi.units]


def test_unit_of_another_party_is_404(
    admin_client: FlaskClient, luovi: Party, workshop: Party
) -> None:
    unit = factories.UnitFactory(party=workshop)
    assert admin_client.get(f"/admin/parties/{luovi.id}/units/{unit.id}/edit").status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/admin/parties/new",
        "/admin/parties/{id}/edit",
        "/admin/parties/{id}/units/new",
        "/admin/parties/{id}/signature",
        "/admin/parties/{id}/withdraw",
        "/admin/agreement",
    ],
)
def test_only_the_administrator_changes_parties(
    coordinator_client: FlaskClient, workshop: Party, url: str, db: Any
) -> None:
    target = url.format(id=workshop.id)
    assert coordinator_client.get(target).status_code == 403
    assert coordinator_client.post(target, data={"name": "x"}).status_code == 403


def test_directory_shows_a_page_of_parties_and_pages_on(
    app: Any, staff_client: FlaskClient, luovi: Party
) -> None:
    size = app.config["PAGE_SIZE"]
    for n in range(size):
        factories.PartyFactory(name=f"Työpaja {n:03d}")
    first = staff_client.get("/directory").get_data(as_text=True)
    # Luovi sorts first by name; the last workshop falls on the second page.
    assert "Ammattiopisto Luovi" in first and "Työpaja 000" in first
    assert f"Työpaja {size - 1:03d}" not in first
    assert 'rel="next"' in first
    second = staff_client.get("/directory?page=2").get_data(as_text=True)
    assert f"Työpaja {size - 1:03d}" in second and "Ammattiopisto Luovi" not in second


def test_directory_pages_keep_the_search(staff_client: FlaskClient, app: Any) -> None:
    for n in range(app.config["PAGE_SIZE"] + 1):
        factories.PartyFactory(name=f"Kouvolan paja {n:03d}")
    factories.PartyFactory(name="Oulun työpaja")
    html = staff_client.get("/directory?q=kouvolan").get_data(as_text=True)
    assert "Oulun työpaja" not in html
    assert "page=2" in html and "q=kouvolan" in html
