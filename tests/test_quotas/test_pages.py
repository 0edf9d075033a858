"""The quota pages over HTTP: forms that explain and keep what was typed, htmx fragments
with the counts and the chart, the placement's page and the overview."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from portal.auth.models import User
from portal.parties.models import Unit
from portal.placements.models import Placement
from portal.quotas.models import Quota, QuotaAllocation
from tests.test_quotas.conftest import S, day, hold

Login = Callable[[User], FlaskClient]
HTMX = {"HX-Request": "true", "Accept-Language": "en"}
EN = {"Accept-Language": "en"}


def free_count(html: str) -> int:
    match = re.search(r'id="free-count">(\d+)<', html)
    assert match, "the page shows no free-place count"
    return int(match.group(1))


@pytest.fixture
def place(quota: Quota) -> QuotaAllocation:
    return hold(quota, 10, 90, reference="LUOVI-VARAUS-5")


def test_a_coordinator_reserves_places_through_the_form(
    login: Login, people: dict[str, User], unit: Unit, provider: Any, db: Any
) -> None:
    client = login(people["workshop_coordinator"])
    data = {
        "unit": str(unit.id),
        "provider": str(provider.id),
        "field_name": "Rakennus- ja puuala",
        "start_on": day(10).isoformat(),
        "end_on": day(5).isoformat(),
        "places": "4",
        "reply_by": day(7).isoformat(),
        "note": "Kevätkausi",
    }
    refused = client.post("/quotas/new", data=data, headers=EN)
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert "The period must end on or after its first day." in html
    assert 'value="Rakennus- ja puuala"' in html and "Kevätkausi" in html
    assert db.session.scalar(sa.select(sa.func.count(Quota.id))) == 0

    data["end_on"] = day(190).isoformat()
    created = client.post("/quotas/new", data=data)
    assert created.status_code == 303
    quota = db.session.scalar(sa.select(Quota))
    assert created.headers["Location"].endswith(f"/quotas/{quota.id}")
    assert quota.places == 4 and quota.provider_id == provider.id


def test_the_number_is_not_lowered_below_the_places_in_use(
    login: Login, people: dict[str, User], quota: Quota
) -> None:
    hold(quota, 0, 60)
    hold(quota, 30, 90, reference="LUOVI-VARAUS-2")
    client = login(people["workshop_coordinator"])
    form = client.get(f"/quotas/{quota.id}/edit", headers=EN).get_data(as_text=True)
    assert "Ammattiopisto Luovi" in form and 'name="provider"' not in form
    data = {
        "unit": str(quota.unit_id),
        "field_name": quota.field_name,
        "start_on": quota.start_on.isoformat(),
        "end_on": quota.end_on.isoformat(),
        "places": "1",
        "reply_by": quota.reply_by.isoformat(),
    }
    refused = client.post(f"/quotas/{quota.id}/edit", data=data, headers=EN)
    assert refused.status_code == 422
    assert ": 2. The number cannot be lower" in refused.get_data(as_text=True)
    data["places"] = "3"
    assert client.post(f"/quotas/{quota.id}/edit", data=data).status_code == 303


def test_filling_with_htmx_returns_the_places_with_the_counts_and_the_chart(
    login: Login, people: dict[str, User], quota: Quota, period: Callable[..., Placement]
) -> None:
    placement = period(0, 90)
    client = login(people["provider_coordinator"])
    before = client.get(f"/quotas/{quota.id}", headers=EN).get_data(as_text=True)
    assert free_count(before) == 2 and placement.reference in before
    response = client.post(
        f"/quotas/{quota.id}/places", data={"placement": str(placement.id)}, headers=HTMX
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<html" not in html and 'id="places"' in html and "<svg" in html
    assert free_count(html) == 1
    assert f"A place has been filled with {placement.reference}." in html  # out of band
    assert (
        response.headers["Vary"] == "HX-Request, Cookie" or "HX-Request" in response.headers["Vary"]
    )


def test_a_refusal_comes_back_beside_the_field_and_changes_nothing(
    login: Login, people: dict[str, User], quota: Quota, db: Any
) -> None:
    hold(quota, 0, 180)
    hold(quota, 0, 180, reference="LUOVI-VARAUS-2")
    client = login(people["provider_coordinator"])
    data = {
        "reference": "LUOVI-VARAUS-3",
        "start_on": day(20).isoformat(),
        "end_on": day(40).isoformat(),
    }
    response = client.post(f"/quotas/{quota.id}/reservations", data=data, headers=HTMX)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "There is no free place on" in html and 'value="LUOVI-VARAUS-3"' in html
    assert 'aria-invalid="true"' in html
    count = sa.select(sa.func.count(QuotaAllocation.id)).where(QuotaAllocation.quota_id == quota.id)
    assert db.session.scalar(count) == 2


def test_a_place_taken_while_the_form_was_open_is_said_above_the_form(
    login: Login, people: dict[str, User], quota: Quota, db: Any
) -> None:
    hold(quota, 0, 180)  # one of the two places is in use; one is free
    client = login(people["provider_coordinator"])
    page = client.get(f"/quotas/{quota.id}").get_data(as_text=True)
    assert free_count(page) == 1
    seen = re.search(r'name="seen" type="hidden" value="(\d+)"', page)
    assert seen, "the reservation form carries the places it was shown with"
    # Another coordinator takes the last place meanwhile.
    hold(quota, 0, 180, reference="LUOVI-VARAUS-2")
    data = {
        "reference": "LUOVI-VARAUS-3",
        "start_on": day(20).isoformat(),
        "end_on": day(40).isoformat(),
        "seen": seen.group(1),
    }
    response = client.post(f"/quotas/{quota.id}/reservations", data=data, headers=HTMX)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    # Above the form, not beside the first day; what was typed is kept; the counts are fresh.
    summary = html[
        html.index('class="error-summary"') : html.index(
            "</div>", html.index('class="error-summary"')
        )
    ]
    assert "The place was taken just now" in summary
    assert 'aria-invalid="true"' not in html
    assert 'value="LUOVI-VARAUS-3"' in html and f'value="{day(20).isoformat()}"' in html
    assert free_count(html) == 0
    # Sent again as it is, the dates themselves are refused: no place was taken since.
    again = re.search(r'name="seen" type="hidden" value="(\d+)"', html)
    assert again and again.group(1) != seen.group(1)
    data["seen"] = again.group(1)
    html = client.post(f"/quotas/{quota.id}/reservations", data=data, headers=HTMX).get_data(
        as_text=True
    )
    assert "There is no free place on" in html and "taken just now" not in html


def test_without_javascript_filling_redirects_to_the_page(
    login: Login, people: dict[str, User], quota: Quota
) -> None:
    client = login(people["provider_coordinator"])
    data = {
        "reference": "LUOVI-VARAUS-3",
        "start_on": day(20).isoformat(),
        "end_on": day(40).isoformat(),
    }
    response = client.post(f"/quotas/{quota.id}/reservations", data=data, headers=EN)
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/quotas/{quota.id}#places")
    page = client.get(f"/quotas/{quota.id}", headers=EN).get_data(as_text=True)
    assert "A place has been reserved for LUOVI-VARAUS-3." in page


def test_releasing_twice_is_refused_clearly(
    login: Login, people: dict[str, User], quota: Quota, place: QuotaAllocation
) -> None:
    client = login(people["provider_coordinator"])
    assert client.post(f"/quotas/{quota.id}/places/{place.id}/release").status_code == 303
    again = client.post(f"/quotas/{quota.id}/places/{place.id}/release", headers=HTMX)
    assert again.status_code == 409
    assert "no longer held" in again.get_data(as_text=True)


def test_the_placement_page_shows_its_quota_place(
    login: Login, people: dict[str, User], quota: Quota, period: Callable[..., Placement]
) -> None:
    submitted = period(70, 120, S.SUBMITTED)
    hold(quota, 70, 120, placement=submitted)
    for person in ("workshop_staff", "provider_coordinator"):
        html = (
            login(people[person])
            .get(f"/placements/{submitted.id}", headers=EN)
            .get_data(as_text=True)
        )
        assert "quota-place-heading" in html and f"/quotas/{quota.id}" in html
    lone = period(10, 20, S.SUBMITTED)
    html = (
        login(people["provider_coordinator"])
        .get(f"/placements/{lone.id}", headers=EN)
        .get_data(as_text=True)
    )
    assert "quota-place-heading" not in html


def test_the_overview_shows_the_quotas_by_provider_and_month(
    login: Login, people: dict[str, User], quota: Quota
) -> None:
    hold(quota, 0, 60)
    client = login(people["workshop_coordinator"])
    page = client.get("/quotas/overview", headers=EN)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Ammattiopisto Luovi" in html and "1/2" in html
    later = client.get(f"/quotas/overview?from={day(400):%Y-%m}", headers=EN)
    assert "No quota covers these months." in later.get_data(as_text=True)
    assert client.get("/quotas/overview?from=nonsense", headers=EN).status_code == 200
    fragment = client.get(f"/quotas/overview?from={day(0):%Y-%m}", headers=HTMX)
    assert "<html" not in fragment.get_data(as_text=True) and 'id="overview"' in fragment.get_data(
        as_text=True
    )


def test_the_placement_page_says_when_its_place_was_freed(
    login: Login, people: dict[str, User], quota: Quota, period: Callable[..., Placement], db: Any
) -> None:
    declined = period(70, 120, S.DECLINED)
    hold(quota, 70, 120, placement=declined)
    html = (
        login(people["provider_coordinator"])
        .get(f"/placements/{declined.id}", headers=EN)
        .get_data(as_text=True)
    )
    assert "The place was freed when the placement ended." in html
