"""Who sees a quota over HTTP (404 for everyone but its two parties, on every address), who
may change it (403), and what each party sees of a place's placement."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient

from portal.auth.models import User
from portal.parties.models import PartyKind
from portal.placements.models import Placement
from portal.quotas.models import Quota, QuotaAllocation
from tests import factories
from tests.conftest import csrf_token_from
from tests.test_quotas.conftest import S, day, hold

Login = Callable[[User], FlaskClient]
HTMX = {"HX-Request": "true", "Accept-Language": "en"}
EN = {"Accept-Language": "en"}


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


def test_a_placement_of_another_party_cannot_be_chosen(
    login: Login, people: dict[str, User], quota: Quota, db: Any
) -> None:
    others = factories.PartyFactory(name="Muu oppilaitos", kind=PartyKind.EDUCATION_PROVIDER)
    foreign = factories.PlacementFactory(
        sender=others,
        receiver=quota.workshop,
        reference="MUU-1",
        initials="X.Y.",
        start_on=day(10),
        end_on=day(100),
    )
    client = login(people["provider_coordinator"])
    response = client.post(
        f"/quotas/{quota.id}/places", data={"placement": str(foreign.id)}, headers=EN
    )
    assert response.status_code == 422
    assert "Choose a workshop period from the list." in response.get_data(as_text=True)


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
