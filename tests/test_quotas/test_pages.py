"""The quota pages over HTTP: who sees what (404 for everyone but the two parties), who may
change what (403), forms that keep what was typed, htmx fragments and CSRF."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from portal.auth.models import User
from portal.parties.models import PartyKind, Unit
from portal.placements.models import Placement
from portal.quotas.models import Quota, QuotaAllocation
from tests import factories
from tests.conftest import csrf_token_from
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


@pytest.mark.parametrize(
    ("person", "status"),
    [
        ("workshop_coordinator", 200),
        ("workshop_staff", 200),
        ("provider_coordinator", 200),
        ("provider_staff", 200),
        ("outsider", 404),
        ("admin", 404),
    ],
)
def test_only_the_two_parties_see_a_quota(
    login: Login,
    people: dict[str, User],
    quota: Quota,
    place: QuotaAllocation,
    person: str,
    status: int,
) -> None:
    client = login(people[person])
    assert client.get(f"/quotas/{quota.id}", headers=EN).status_code == status
    fragment = client.get(f"/quotas/{quota.id}", headers=HTMX)
    assert fragment.status_code == status
    if status == 200:
        html = fragment.get_data(as_text=True)
        assert "<html" not in html and 'id="places"' in html
    listing = client.get("/quotas/", headers=EN)
    assert (f"/quotas/{quota.id}" in listing.get_data(as_text=True)) == (status == 200)


def test_every_sub_address_of_another_partys_quota_is_404(
    login: Login, people: dict[str, User], quota: Quota, place: QuotaAllocation
) -> None:
    client = login(people["outsider"])
    base = f"/quotas/{quota.id}"
    assert client.get(f"{base}/edit").status_code == 404
    assert client.post(f"{base}/edit", data={"places": "9"}).status_code == 404
    assert client.post(f"{base}/places", data={"placement": "1"}).status_code == 404
    assert client.post(f"{base}/reservations", data={"reference": "X"}).status_code == 404
    assert client.post(f"{base}/places/{place.id}/release").status_code == 404
    assert client.post(f"{base}/places/{place.id}/turn", data={}).status_code == 404
    assert "Parik" not in client.get("/quotas/overview", headers=EN).get_data(as_text=True)


def test_a_place_is_reached_only_through_its_own_quota(
    login: Login, people: dict[str, User], make_quota: Callable[..., Quota], place: QuotaAllocation
) -> None:
    other = make_quota(field_name="Metalliala")
    client = login(people["provider_coordinator"])
    assert client.post(f"/quotas/{other.id}/places/{place.id}/release").status_code == 404
    assert client.post(f"/quotas/{other.id}/places/999999/release").status_code == 404


def test_staff_see_and_coordinators_change(
    login: Login, people: dict[str, User], quota: Quota, place: QuotaAllocation
) -> None:
    base = f"/quotas/{quota.id}"
    for person in ("workshop_staff", "provider_staff", "provider_coordinator"):
        client = login(people[person])
        assert client.get(f"{base}/edit").status_code == 403
        assert client.get("/quotas/new").status_code == 403
    for person in ("workshop_staff", "provider_staff", "workshop_coordinator"):
        client = login(people[person])
        data = {
            "reference": "LUOVI-1",
            "start_on": day(1).isoformat(),
            "end_on": day(5).isoformat(),
        }
        assert client.post(f"{base}/reservations", data=data).status_code == 403
        assert client.post(f"{base}/places/{place.id}/release").status_code == 403
    staff_page = login(people["provider_staff"]).get(base, headers=EN).get_data(as_text=True)
    assert "Release the place" not in staff_page and "Reserve a place" not in staff_page
    coordinator_page = login(people["provider_coordinator"]).get(base, headers=EN)
    assert "Reserve a place" in coordinator_page.get_data(as_text=True)


def test_a_unit_coordinator_manages_only_the_units_quotas(
    login: Login, quota: Quota, workshop: Any
) -> None:
    other_unit = factories.UnitFactory(party=workshop, name="Ravintola ja catering")
    client = login(factories.coordinator_of(workshop, unit=other_unit))
    assert client.get(f"/quotas/{quota.id}").status_code == 200
    assert client.get(f"/quotas/{quota.id}/edit").status_code == 403
    form = client.get("/quotas/new", headers=EN).get_data(as_text=True)
    assert "Ravintola ja catering" in form and "Puu- ja metallityö" not in form


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


def test_a_placement_of_another_party_cannot_be_chosen(
    login: Login, people: dict[str, User], quota: Quota, db: Any
) -> None:
    others = factories.PartyFactory(name="Muu oppilaitos", kind=PartyKind.EDUCATION_PROVIDER)
    foreign = Placement(
        direction="to_workshop",
        sender_party_id=others.id,
        receiver_party_id=quota.workshop_id,
        reference="MUU-1",
        initials="X.Y.",
        start_on=day(10),
        end_on=day(100),
    )
    db.session.add(foreign)
    db.session.commit()
    client = login(people["provider_coordinator"])
    response = client.post(
        f"/quotas/{quota.id}/places", data={"placement": str(foreign.id)}, headers=EN
    )
    assert response.status_code == 422
    assert "Choose a workshop period from the list." in response.get_data(as_text=True)


def test_releasing_twice_is_refused_clearly(
    login: Login, people: dict[str, User], quota: Quota, place: QuotaAllocation
) -> None:
    client = login(people["provider_coordinator"])
    assert client.post(f"/quotas/{quota.id}/places/{place.id}/release").status_code == 303
    again = client.post(f"/quotas/{quota.id}/places/{place.id}/release", headers=HTMX)
    assert again.status_code == 409
    assert "no longer held" in again.get_data(as_text=True)


def test_state_changes_need_the_csrf_token(
    login: Login, people: dict[str, User], quota: Quota, place: QuotaAllocation, csrf_enabled: None
) -> None:
    client = login(people["provider_coordinator"])
    url = f"/quotas/{quota.id}/places/{place.id}/release"
    assert client.post(url).status_code == 400
    token = csrf_token_from(client.get(f"/quotas/{quota.id}").get_data(as_text=True))
    assert client.post(url, headers={"X-CSRFToken": token}).status_code == 303


def test_each_party_sees_only_what_it_may_of_a_places_placement(
    login: Login, people: dict[str, User], quota: Quota, period: Callable[..., Placement]
) -> None:
    draft = period(10, 60, S.DRAFT)
    submitted = period(70, 120, S.SUBMITTED)
    hold(quota, 10, 60, placement=draft)
    hold(quota, 70, 120, placement=submitted)
    workshop_page = login(people["workshop_coordinator"]).get(f"/quotas/{quota.id}", headers=EN)
    html = workshop_page.get_data(as_text=True)
    assert draft.reference not in html and f"/placements/{draft.id}" not in html
    assert "still preparing" in html
    assert submitted.reference in html and f"/placements/{submitted.id}" in html
    provider_page = login(people["provider_coordinator"]).get(f"/quotas/{quota.id}", headers=EN)
    assert draft.reference in provider_page.get_data(as_text=True)


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
