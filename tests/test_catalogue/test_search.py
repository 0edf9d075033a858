"""Searching the catalogue: Finnish inflection, compounds, codes, typos and the filters."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from portal.auth.models import Role, User
from portal.catalogue import ranking, search
from portal.catalogue.models import LearningEnvironment
from portal.core.dates import today
from portal.parties.models import Party, PartyKind, Unit
from tests import factories

WOOD = "Puusepänteollisuuden tuotteiden valmistus"


def _score(db: Any, query: str, text: str) -> float:
    """The database's score for the query of a qualification unit named ``text`` (0: not found).

    The unit is written as the service writes it, so the search index (FTS5 on SQLite, the
    trigram and Finnish full-text indexes on PostgreSQL) is what finds it.
    """
    report = factories.LearningEnvironmentFactory(qualification_units=[(text, text, "")])
    terms = search.query_terms(query)
    if not terms:
        return 0.0
    units = ranking.matching_units(terms, db.session.get_bind().dialect.name)
    unit_id = report.qualification_units[0].id
    found = db.session.scalar(sa.select(units.c.score).where(units.c.id == unit_id))
    return float(found or 0.0)


def _found(client: FlaskClient, **params: str) -> list[str]:
    """The headings of the results, in order: "Party: unit"."""
    html = client.get("/catalogue/", query_string=params).get_data(as_text=True)
    return re.findall(r'<h2 id="result-\d+"><a [^>]*>([^<]+)</a>', html)


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("puuseppä", "Puusepän perustutkinto"),
        ("puusepän", "Puuseppä"),
        ("puusepän perustutkinto", "Puuseppäalan perustutkinto"),
        ("perustutkinnon", "Puuseppäalan perustutkinto"),
        ("puusepan", "Puuseppäalan perustutkinto"),  # typed without ä
        ("puusepää", "Puuseppäalan perustutkinto"),  # a typo
        ("valmistuksen", WOOD),
        ("teollisuus", WOOD),
        ("tuotteiden valmistus", WOOD),
        ("kiinteistöjen", "Kiinteistöpalvelujen perustutkinto"),
        ("ravintolan", "Ravintola- ja catering-alan perustutkinto"),
        ("catering-ala", "Ravintola- ja catering-alan perustutkinto"),
        ("106789", "106789"),
        ("1067", "106789"),
        ("6789", "106789"),
    ],
)
def test_words_match_their_inflected_and_compound_forms(db: Any, query: str, text: str) -> None:
    assert _score(db, query, text) > 0


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("kokki", WOOD),
        ("metalli", "Ravintola- ja catering-alan perustutkinto"),
        ("puuseppä ravintola", "Puuseppäalan perustutkinto"),  # every word must match
        ("1068", "106789"),
        ("", WOOD),
    ],
)
def test_unrelated_words_do_not_match(db: Any, query: str, text: str) -> None:
    assert _score(db, query, text) == 0


def test_an_exact_word_ranks_above_a_fuzzy_one(db: Any) -> None:
    exact = _score(db, "levytyöt", "Levytyöt")
    fuzzy = _score(db, "levytyöt", "Levytyö ja hitsaus")
    assert exact > fuzzy > 0


@pytest.mark.usefixtures("wood_report", "kitchen_report")
@pytest.mark.parametrize(
    "query", ["puuseppä", "PUUSEPÄN", "puusepän perustutkinto", "106789", "10678", "levytöiden"]
)
def test_provider_finds_a_workshop_by_qualification_unit_and_code(
    as_user: Callable[..., FlaskClient], provider: Party, query: str
) -> None:
    client = as_user(provider, Role.COORDINATOR)
    assert _found(client, q=query) == ["Parik-säätiö: Puu- ja metallityö"]


def test_results_show_the_matching_units_and_the_contact_coordinator(
    as_user: Callable[..., FlaskClient],
    provider: Party,
    workshop: Party,
    wood_report: LearningEnvironment,
    wood_coordinator: User,
    coordinator: User,
) -> None:
    client = as_user(provider, Role.COORDINATOR)
    html = client.get("/catalogue/", query_string={"q": "106789"}).get_data(as_text=True)
    assert WOOD in html and "Levytyöt" not in html  # only the unit that matched
    assert "Näyttö" in html and "Vastaanottokyky 4 valmentautujaa" in html
    # The coordinator named for the unit is its contact, not the whole party's.
    assert wood_coordinator.email in html and coordinator.email not in html
    html = client.get("/catalogue/").get_data(as_text=True)
    assert WOOD in html and "Levytyöt" in html


def test_whole_party_coordinator_is_the_contact_of_a_unit_without_its_own(
    as_user: Callable[..., FlaskClient],
    provider: Party,
    kitchen_report: LearningEnvironment,
    wood_coordinator: User,
    coordinator: User,
) -> None:
    html = as_user(provider).get("/catalogue/").get_data(as_text=True)
    assert coordinator.email in html and wood_coordinator.email not in html


def test_more_relevant_results_come_first(
    db: Any, staff_client: FlaskClient, workshop: Party, wood_report: LearningEnvironment
) -> None:
    other = factories.PartyFactory(name="Aakkosissa ensin", kind=PartyKind.WORKSHOP)
    factories.LearningEnvironmentFactory(
        unit=factories.UnitFactory(party=other, name="Verstas"),
        qualification_units=[("Rakennusalan perustutkinto", "Levytyö ja hitsaus", "")],
    )
    assert _found(staff_client, q="levytyöt") == [
        "Parik-säätiö: Puu- ja metallityö",
        "Aakkosissa ensin: Verstas",
    ]


@pytest.mark.usefixtures("wood_report", "kitchen_report")
def test_filters_by_field_municipality_and_workshop(
    db: Any, staff_client: FlaskClient, second_workshop: Party
) -> None:
    factories.LearningEnvironmentFactory(
        unit=factories.UnitFactory(party=second_workshop, name="Keittiö", locality="Kouvola"),
        qualification_units=[
            ("Ravintola- ja catering-alan perustutkinto", "Ruoanvalmistus", "106713")
        ],
        work_description="Kahvila ja ravintola",
    )
    assert _found(staff_client, field="metallityö") == ["Parik-säätiö: Puu- ja metallityö"]
    assert _found(staff_client, field="ravintolan") == [
        "Parik-säätiö: Ravintola ja catering",
        "Toinen työpaja: Keittiö",
    ]
    assert _found(staff_client, locality="kotka") == ["Parik-säätiö: Ravintola ja catering"]
    assert _found(staff_client, q="ruoanvalmistus", party=str(second_workshop.id)) == [
        "Toinen työpaja: Keittiö"
    ]
    html = staff_client.get("/catalogue/").get_data(as_text=True)
    assert '<option value="Kotka"' in html and f'<option value="{second_workshop.id}"' in html


def test_a_unit_without_a_municipality_is_found_by_its_partys(
    db: Any, staff_client: FlaskClient, second_workshop: Party
) -> None:
    second_workshop.locality = "Äänekoski"
    factories.LearningEnvironmentFactory(
        unit=factories.UnitFactory(party=second_workshop, locality=""),
        qualification_units=[("T", "Osa", "")],
    )
    assert len(_found(staff_client, locality="Äänekoski")) == 1
    assert len(_found(staff_client, locality="ÄÄNEKOSKI")) == 1


def test_withdrawn_workshops_and_drafts_are_not_in_the_results(
    db: Any, coordinator_client: FlaskClient, wood: Unit, second_workshop: Party
) -> None:
    factories.LearningEnvironmentFactory(
        unit=wood, qualification_units=[("Puuseppäalan perustutkinto", WOOD, "106789")], draft=True
    )
    withdrawn_unit = factories.UnitFactory(party=second_workshop, name="Puutyöt")
    withdrawn = factories.LearningEnvironmentFactory(
        unit=withdrawn_unit, qualification_units=[("Puuseppäalan perustutkinto", WOOD, "106789")]
    )
    second_workshop.withdrawn_on = today() - timedelta(days=1)
    db.session.commit()
    # Not even the workshop's own draft: the search shows what others can find.
    assert _found(coordinator_client, q="puuseppä") == []
    assert "Toinen työpaja" not in coordinator_client.get("/catalogue/").get_data(as_text=True)
    # The withdrawn workshop's page stays readable.
    page = coordinator_client.get(f"/catalogue/reports/{withdrawn.id}")
    assert page.status_code == 200 and "irtisanoutunut" in page.get_data(as_text=True)


def test_a_withdrawal_ahead_does_not_hide_the_workshop_yet(
    db: Any, staff_client: FlaskClient, workshop: Party, wood_report: LearningEnvironment
) -> None:
    workshop.withdrawn_on = today() + timedelta(days=30)
    db.session.commit()
    assert _found(staff_client, q="puuseppä") == ["Parik-säätiö: Puu- ja metallityö"]


def test_htmx_gets_only_the_results(
    staff_client: FlaskClient, wood_report: LearningEnvironment
) -> None:
    response = staff_client.get("/catalogue/?q=puusep%C3%A4n", headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in html
    assert html.lstrip().startswith('<section id="results"') and WOOD in html
    assert "HX-Request" in response.headers["Vary"]
    # Boosted navigation gets the whole page.
    boosted = staff_client.get("/catalogue/", headers={"HX-Request": "true", "HX-Boosted": "true"})
    assert "<html" in boosted.get_data(as_text=True)


def test_nothing_found_says_so(staff_client: FlaskClient, wood_report: LearningEnvironment) -> None:
    html = staff_client.get("/catalogue/?q=astronautti").get_data(as_text=True)
    assert "0 oppimisympäristöä" in html and "Haulla ei löytynyt" in html


def test_workshop_people_see_their_units_reports(
    as_user: Callable[..., FlaskClient],
    workshop: Party,
    provider: Party,
    wood_report: LearningEnvironment,
    kitchen: Unit,
    wood: Unit,
) -> None:
    coordinator = as_user(workshop, Role.COORDINATOR)
    html = coordinator.get("/catalogue/").get_data(as_text=True)
    assert "Työpajasi tunnistamisraportit" in html
    assert f"/catalogue/units/{kitchen.id}/report" in html  # may write the missing one
    staff_html = as_user(workshop, Role.STAFF).get("/catalogue/").get_data(as_text=True)
    assert "Työpajasi tunnistamisraportit" in staff_html
    assert f"/catalogue/units/{kitchen.id}/report" not in staff_html
    unit_coordinator = as_user(workshop, Role.COORDINATOR, unit=wood)
    assert f"/catalogue/units/{kitchen.id}/report" not in unit_coordinator.get(
        "/catalogue/"
    ).get_data(as_text=True)
    provider_html = as_user(provider, Role.COORDINATOR).get("/catalogue/").get_data(as_text=True)
    assert "Työpajasi tunnistamisraportit" not in provider_html
