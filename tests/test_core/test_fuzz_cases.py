"""The bad inputs the fuzz test found, each kept as a plain example of what a person sees."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

HUGE = "9" * 30


@pytest.mark.parametrize(
    "path",
    [
        "/placements/99999999999999999999",
        "/placements/2147483648",
        f"/documents/{HUGE}/versions/1/download",
    ],
)
def test_an_id_beyond_the_databases_integers_is_not_found(
    coordinator_client: FlaskClient, path: str
) -> None:
    assert coordinator_client.get(path).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        f"/placements/?page={HUGE}",
        f"/placements/?party={HUGE}&year={HUGE}",
        f"/documents/?page={HUGE}&party={HUGE}&linked=placement:²",
        "/quotas/overview?from=9999-12",
        "/quotas/overview?from=0001-01",
        "/catalogue/?party=²",
        f"/catalogue/?party={HUGE}",
        f"/notifications/?page={HUGE}",
    ],
)
def test_a_malformed_or_huge_query_parameter_shows_the_default_view(
    coordinator_client: FlaskClient, path: str
) -> None:
    assert coordinator_client.get(path).status_code == 200


def test_the_administrators_lists_take_huge_numbers_too(admin_client: FlaskClient) -> None:
    for path in (f"/admin/accounts/?party={HUGE}&page={HUGE}", f"/admin/accounts/new?party={HUGE}"):
        assert admin_client.get(path).status_code == 200, path
    assert admin_client.get(f"/admin/audit?page={HUGE}").status_code == 200


@pytest.mark.parametrize(
    "path", ["/placements/?q=a%00b", "/catalogue/?q=%00", "/placements/%00", "/documents/?%00=1"]
)
def test_a_nul_character_in_the_address_is_refused(
    coordinator_client: FlaskClient, path: str
) -> None:
    assert coordinator_client.get(path).status_code == 400


def test_a_nul_character_in_a_form_is_refused(coordinator_client: FlaskClient) -> None:
    response = coordinator_client.post("/auth/account", data={"name": "Maria\x00", "locale": "fi"})
    assert response.status_code == 400


def test_query_parameters_cannot_steer_the_lists_links(
    coordinator_client: FlaskClient, db: Any
) -> None:
    """Links that keep the query (status tabs, pager) leave out url_for's own argument names."""
    for query in ("_external=1&_scheme=javascript", "endpoint=x", "_anchor=x&_method=POST"):
        response = coordinator_client.get(f"/placements/?{query}&status=draft")
        assert response.status_code == 200, query
        html = response.get_data(as_text=True)
        assert "javascript:" not in html and 'href="http' not in html


def test_a_date_no_rule_can_compute_with_is_refused_beside_the_field(
    coordinator_client: FlaskClient,
) -> None:
    response = coordinator_client.post(
        "/calendar/events/new",
        data={"kind": "meeting", "title": "Tapaaminen", "start_date": "9999-12-31"},
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 422
    assert "Enter a date between the years 1900 and 2199." in response.get_data(as_text=True)
