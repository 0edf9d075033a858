"""Who reads which figures: coordinators their party's, the administrator everyone's, staff
none; no report names an individual, and no party's figures reach another."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask.testing import FlaskClient

from portal.auth.models import User
from tests.test_reports.conftest import World
from tests.test_reports.figures import page_table, text_of
from tests.test_reports.test_csv import EVERY_TABLE

Client = Callable[[User], FlaskClient]
PAGES = ["/reports/", *(f"/reports/{key}?year=all" for key in dict(EVERY_TABLE))]
FILES = [f"/reports/{key}/{table}.csv?year=all" for key, table in EVERY_TABLE]


def everything(client: FlaskClient, query: str = "") -> str:
    """Every report page and every CSV file the client can get, as one text."""
    found = []
    for url in [*PAGES, *FILES]:
        response = client.get(url + query)
        assert response.status_code == 200, url
        found.append(response.get_data(as_text=True))
    return "\n".join(found)


def test_staff_get_no_reports_and_no_menu_entry(world: World, as_user: Client) -> None:
    client = as_user(world.sanna)
    for url in [*PAGES, *FILES]:
        assert client.get(url).status_code == 403, url
    assert 'href="/reports/"' not in client.get("/").get_data(as_text=True)
    assert 'href="/reports/"' in as_user(world.maria).get("/").get_data(as_text=True)
    assert 'href="/reports/"' in as_user(world.admin).get("/").get_data(as_text=True)


def test_signing_in_is_required(world: World, client: FlaskClient) -> None:
    response = client.get("/reports/placements?year=all")
    assert response.status_code == 303
    assert "/auth/login" in response.headers["Location"]


def test_a_coordinator_never_sees_another_partys_figures(world: World, as_user: Client) -> None:
    # Kotka's and Sakky's placements (P5, P9) are not Parik's: nothing of them shows.
    text = everything(as_user(world.maria))
    assert "Kotkan paja" not in text and "Sakky" not in text
    # Asking for another party's figures by its id gives only Parik's own, of which there are
    # none with that party: zeros, never Kotka's.
    html = as_user(world.maria).get(f"/reports/placements?party={world.kotka.id}&year=all")
    assert page_table(html.get_data(as_text=True), "by-status")[-1] == ["Total", "0", "0", "0"]
    html = as_user(world.maria).get(f"/reports/support-days?party={world.sakky.id}&year=all")
    assert "Support days in all: 0" in text_of(html.get_data(as_text=True))
    # Kotka's coordinator sees P5 and P9 (sent to Kotka) and nothing of Parik's.
    html = as_user(world.olli).get("/reports/placements?year=all").get_data(as_text=True)
    assert "2 placements in all." in text_of(html)
    assert "Parik-säätiö" not in everything(as_user(world.olli))


def test_a_party_without_placements_sees_empty_reports(world: World, as_user: Client) -> None:
    html = as_user(world.leena).get("/reports/placements?year=all").get_data(as_text=True)
    assert "0 placements in all." in text_of(html)
    assert "chart__svg" not in html  # no chart of nothing


@pytest.mark.parametrize("who", ["admin", "maria", "paivi"])
def test_reports_name_no_individual(world: World, as_user: Client, who: str) -> None:
    text = everything(as_user(getattr(world, who)))
    for placement in world.placements.values():
        assert placement.reference not in text
        assert placement.full_name not in text
    assert "X.Y." not in text


def test_the_filters_offer_only_the_users_own_parties(world: World, as_user: Client) -> None:
    html = as_user(world.maria).get("/reports/placements?year=all").get_data(as_text=True)
    assert f'<option value="{world.luovi.id}"' in html
    assert f'<option value="{world.kotka.id}"' not in html
    html = as_user(world.admin).get("/reports/placements?year=all").get_data(as_text=True)
    for party in (world.luovi, world.parik, world.kotka, world.sakky):
        assert f'<option value="{party.id}"' in html


def test_an_unknown_report_is_not_found(world: World, as_user: Client) -> None:
    assert as_user(world.maria).get("/reports/no-such-report?year=all").status_code == 404
    assert (
        as_user(world.maria).get("/reports/no-such-report/by-party.csv?year=all").status_code == 404
    )
    assert (
        as_user(world.maria).get("/reports/placements/no-such-table.csv?year=all").status_code
        == 404
    )


def test_filters_change_the_results_in_place(world: World, as_user: Client) -> None:
    response = as_user(world.maria).get(
        "/reports/placements?year=2024", headers={"HX-Request": "true"}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in html and html.lstrip().startswith('<div id="results"')
    assert "2 placements in all." in text_of(html)
    assert response.headers["Vary"] == "HX-Request" or "HX-Request" in response.headers["Vary"]
