"""The catalogue's search at scale: the database ranks and pages, so the page asks the same
few statements however many reports there are, and shows one page of the best first."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from flask.testing import FlaskClient

from portal.auth.models import Role, User
from portal.catalogue import service
from portal.catalogue.models import LearningEnvironment
from portal.parties import service as parties
from portal.parties.models import Party, PartyKind
from tests import factories
from tests.queries import counting_queries

SEARCHES = [
    {"q": "puusepän perustutkinto"},
    {"q": "10678"},
    {"field": "metallityö", "locality": "Kouvola"},
    {},
]


def _headings(html: str) -> list[str]:
    return re.findall(r'<h2 id="result-\d+"><a [^>]*>([^<]+)</a>', html)


def _workshops(count: int) -> None:
    """Workshops with a matching report each, their units and coordinators, named to sort
    before Parik so that a ranking in name order would show them first."""
    for n in range(count):
        party = factories.PartyFactory(name=f"Aa-paja {n:02d}", kind=PartyKind.WORKSHOP)
        factories.coordinator_of(party)
        factories.LearningEnvironmentFactory(
            unit=factories.UnitFactory(party=party, name="Puu- ja metallityö", locality="Kouvola"),
            qualification_units=[
                ("Puuseppäalan perustutkinto", f"Puusepän työt {n}", f"10670{n:02d}"),
                ("Puuseppäalan perustutkinto", "Huonekalujen korjaus", ""),
                ("Kone- ja tuotantotekniikan perustutkinto", "Hitsaus", ""),
            ],
            work_description="Metallityöt ja puusepän työt",
        )


def _statements(client: FlaskClient) -> list[int]:
    counts = []
    for params in SEARCHES:
        with counting_queries() as statements:
            response = client.get("/catalogue/", query_string=params)
        assert response.status_code == 200
        counts.append(len(statements))
    return counts


def test_the_search_page_runs_as_many_statements_on_small_and_larger_data(
    db: Any,
    as_user: Callable[..., FlaskClient],
    provider: Party,
    wood_report: Any,
    kitchen_report: Any,
    wood_coordinator: User,
) -> None:
    client = as_user(provider, Role.COORDINATOR)
    few = _statements(client)
    _workshops(40)
    db.session.commit()
    many = _statements(client)
    assert many == few
    assert all(0 < count <= 15 for count in few), few


def test_only_the_shown_page_is_listed_the_best_first(
    db: Any, staff_client: FlaskClient, wood_report: Any
) -> None:
    _workshops(30)
    db.session.commit()
    html = staff_client.get("/catalogue/", query_string={"q": "puusepänteollisuuden"}).get_data(
        as_text=True
    )
    # Parik's unit alone has the exact word; its name sorts last, yet it is first.
    assert _headings(html)[0] == "Parik-säätiö: Puu- ja metallityö"

    first = staff_client.get("/catalogue/", query_string={"q": "puuseppä"}).get_data(as_text=True)
    assert "31 oppimisympäristöä" in first
    assert len(_headings(first)) == 25 and "Sivu 1/2" in first
    second = staff_client.get("/catalogue/", query_string={"q": "puuseppä", "page": "2"})
    rest = _headings(second.get_data(as_text=True))
    assert len(rest) == 6 and not set(rest) & set(_headings(first))
    # Past the last page nothing is listed, and the count still says how many there are.
    beyond = staff_client.get("/catalogue/", query_string={"q": "puuseppä", "page": "3"})
    html = beyond.get_data(as_text=True)
    assert _headings(html) == [] and "31 oppimisympäristöä" in html


def test_a_renamed_unit_is_found_by_its_new_name(
    db: Any, staff_client: FlaskClient, coordinator: User, workshop: Party, wood_report: Any
) -> None:
    assert _headings(staff_client.get("/catalogue/?field=metsänhoito").get_data(as_text=True)) == []
    unit = wood_report.unit
    parties.save_unit(coordinator, workshop, unit, kind=unit.kind, name="Metsänhoito")
    db.session.commit()
    found = _headings(staff_client.get("/catalogue/?field=metsänhoidon").get_data(as_text=True))
    assert found == ["Parik-säätiö: Metsänhoito"]


def test_an_edited_or_removed_unit_is_found_as_it_now_is(
    db: Any,
    staff_client: FlaskClient,
    coordinator: User,
    wood_report: LearningEnvironment,
    kitchen_report: LearningEnvironment,
) -> None:
    # The search index follows every change: SQLite's FTS5 table through its triggers.
    levytyot = next(q for q in wood_report.qualification_units if q.name == "Levytyöt")
    details = service.UnitDetails(
        qualification=levytyot.qualification,
        name="Putkityöt",
        code="100433",
        can_host_demonstration=False,
        can_issue_certificate=False,
    )
    service.save_qualification_unit(coordinator, wood_report, levytyot, details)
    db.session.commit()
    assert _headings(staff_client.get("/catalogue/?q=levytöiden").get_data(as_text=True)) == []
    found = _headings(staff_client.get("/catalogue/?q=putkitöiden").get_data(as_text=True))
    assert found == ["Parik-säätiö: Puu- ja metallityö"]

    service.save_qualification_unit(
        coordinator,
        kitchen_report,
        None,
        service.UnitDetails("Ravintola-alan tutkinto", "Leivonta"),
    )
    service.delete_qualification_unit(coordinator, kitchen_report.qualification_units[0])
    db.session.commit()
    assert _headings(staff_client.get("/catalogue/?q=ruoanvalmistus").get_data(as_text=True)) == []
    assert _headings(staff_client.get("/catalogue/?q=leivonnan").get_data(as_text=True)) == [
        "Parik-säätiö: Ravintola ja catering"
    ]
    if db.session.get_bind().dialect.name == "sqlite":
        # FTS5 compares its index with the table's rows (rank 1) and fails if they differ.
        db.session.execute(
            sa.text(
                "INSERT INTO qualification_unit_fts(qualification_unit_fts, rank) "
                "VALUES ('integrity-check', 1)"
            )
        )
