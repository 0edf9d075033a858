"""The catalogue's links to a pre-filled workshop-period request: shown on search results and
on a report's page to the people who may start one, for an active workshop's published report."""

from __future__ import annotations

from typing import Any

import pytest

from portal.auth.models import Role, User
from portal.core.dates import today
from portal.parties.models import Party, PartyKind
from tests import factories
from tests.test_catalogue_links.conftest import Catalogue, Login

REQUEST = "/placements/new/to-workshop?workshop_unit="


def request_links(html: str) -> list[str]:
    """The units (and qualification units) named by the request links on a page."""
    return [
        part.split('"', 1)[0].replace("&amp;", "&") for part in html.split(f'href="{REQUEST}')[1:]
    ]


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.STAFF])
def test_search_results_link_to_a_request_for_the_workshop_and_unit(
    catalogue: Catalogue, provider: Party, role: Role, login: Login
) -> None:
    client = login(factories.UserFactory(party=provider, role=role))
    html = client.get("/catalogue/?q=levytöiden").get_data(as_text=True)
    assert request_links(html) == [str(catalogue.wood.id)]
    assert "Pyydä pajajaksoa" in html

    # The same link in the fragment htmx asks for as the user types.
    fragment = client.get("/catalogue/?q=pintakasittely", headers={"HX-Request": "true"})
    assert "<html" not in fragment.get_data(as_text=True)
    assert request_links(fragment.get_data(as_text=True)) == [str(catalogue.wood.id)]


def test_a_reports_page_links_the_report_and_each_of_its_units(
    catalogue: Catalogue, provider_staff: User, login: Login
) -> None:
    html = (
        login(provider_staff)
        .get(f"/catalogue/reports/{catalogue.wood_report.id}")
        .get_data(as_text=True)
    )
    wood = str(catalogue.wood.id)
    assert request_links(html) == [wood] + [
        f"{wood}&catalogue_units={q.id}" for q in catalogue.wood_report.qualification_units
    ]
    # Each unit's link says which unit it is to a screen reader.
    assert 'Pyydä jaksoa<span class="visually-hidden">: Levytyöt</span>' in html


def test_people_who_cannot_start_a_workshop_period_see_no_link(
    catalogue: Catalogue,
    staff: User,
    coordinator: User,
    admin: User,
    login: Login,
) -> None:
    supporting = factories.PartyFactory(name="Työpajayhdistys", kind=PartyKind.SUPPORTING)
    social = factories.PartyFactory(name="Kymsote", kind=PartyKind.SOCIAL_SERVICES)
    people = [
        staff,
        coordinator,
        admin,
        factories.UserFactory(party=supporting),
        factories.coordinator_of(social),
    ]
    for person in people:
        client = login(person)
        for page in ("/catalogue/?q=levytyöt", f"/catalogue/reports/{catalogue.wood_report.id}"):
            html = client.get(page).get_data(as_text=True)
            assert "Levytyöt" in html
            assert request_links(html) == [], (person.email, page)


def test_a_withdrawn_providers_people_see_no_link(
    catalogue: Catalogue, provider_staff: User, provider: Party, login: Login, db: Any
) -> None:

    provider.withdrawn_on = today()
    db.session.commit()
    html = (
        login(provider_staff)
        .get(f"/catalogue/reports/{catalogue.wood_report.id}")
        .get_data(as_text=True)
    )
    assert request_links(html) == []


def test_no_link_for_a_withdrawn_workshops_report(
    catalogue: Catalogue, provider_staff: User, login: Login
) -> None:
    html = (
        login(provider_staff)
        .get(f"/catalogue/reports/{catalogue.withdrawn_report.id}")
        .get_data(as_text=True)
    )
    assert "Varastotoiminnot" in html  # still readable
    assert request_links(html) == []
