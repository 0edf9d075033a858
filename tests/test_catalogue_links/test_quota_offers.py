"""Beside a workshop unit in the catalogue, an education provider's people see the quota
places the unit keeps for their own party: how many are free, from when, and a link."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from babel.dates import format_date

from portal.auth.models import Role, User
from portal.parties.models import Party, PartyKind, Unit
from portal.quotas.models import Quota
from tests import factories
from tests.queries import counting_queries
from tests.test_catalogue_links.conftest import Catalogue, Login
from tests.test_quotas.conftest import day, hold


def fi(value: date) -> str:
    return format_date(value, "medium", locale="fi")


def reserve(
    db: Any,
    unit: Unit,
    provider: Party,
    *,
    places: int = 2,
    start: int = 0,
    end: int = 180,
    reply_by: int = 30,
    **values: Any,
) -> Quota:
    quota = Quota(
        workshop_id=unit.party_id,
        unit_id=unit.id,
        provider_id=provider.id,
        field_name=values.pop("field_name", "Rakennus- ja puuala"),
        start_on=day(start),
        end_on=day(end),
        places=places,
        reply_by=day(reply_by),
        **values,
    )
    db.session.add(quota)
    db.session.commit()
    return quota


def offers_of(html: str) -> list[str]:
    """The text of each quota-places box on a page, without its markup and spacing."""
    boxes = html.split('<div class="catalogue-quotas">')[1:]
    texts = []
    for box in boxes:
        box = box.split("</div>", 1)[0]
        while "<" in box:
            before, rest = box.split("<", 1)
            box = before + rest.split(">", 1)[1]
        texts.append(" ".join(box.split()))
    return texts


@pytest.fixture
def quota(db: Any, catalogue: Catalogue, provider: Party) -> Quota:
    quota = reserve(db, catalogue.wood, provider)
    hold(quota, 0, 60, reference="LUOVI-VARAUS-1")
    return quota


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.STAFF])
def test_the_providers_people_see_the_free_places_kept_for_them(
    db: Any, catalogue: Catalogue, quota: Quota, provider: Party, role: Role, login: Login
) -> None:
    client = login(factories.UserFactory(party=provider, role=role))
    html = client.get("/catalogue/?q=puusepän").get_data(as_text=True)
    assert offers_of(html) == [
        f"Kiintiöpaikat osapuolelle Ammattiopisto Luovi Rakennus- ja puuala, "
        f"{fi(day(0))}–{fi(day(180))}: 1/2 paikkaa vapaana tänään "
        f"(täytettävä viimeistään {fi(day(30))})"
    ]
    assert f'href="/quotas/{quota.id}"' in html

    # The same beside the unit on the report's page, and in the fragment of a live search.
    page = client.get(f"/catalogue/reports/{catalogue.wood_report.id}").get_data(as_text=True)
    assert offers_of(page) == offers_of(html)
    fragment = client.get("/catalogue/?q=puusepän", headers={"HX-Request": "true"})
    assert offers_of(fragment.get_data(as_text=True)) == offers_of(html)


def test_only_the_unit_that_keeps_the_places_shows_them(
    db: Any, catalogue: Catalogue, quota: Quota, provider_staff: User, login: Login
) -> None:
    html = login(provider_staff).get("/catalogue/").get_data(as_text=True)
    assert "Ravintola ja catering" in html and "Metallipaja" in html
    assert len(offers_of(html)) == 1
    kitchen = login(provider_staff).get(f"/catalogue/reports/{catalogue.kitchen_report.id}")
    assert offers_of(kitchen.get_data(as_text=True)) == []


def test_nobody_else_sees_the_quota(
    db: Any,
    catalogue: Catalogue,
    quota: Quota,
    workshop: Party,
    coordinator: User,
    staff: User,
    admin: User,
    login: Login,
) -> None:
    other_provider = factories.PartyFactory(
        name="Ekami", kind=PartyKind.EDUCATION_PROVIDER, is_founding=True
    )
    others_quota = reserve(db, catalogue.wood, other_provider, places=5, field_name="Metalliala")
    people = [
        coordinator,  # the workshop's own people keep their quotas on the quota pages
        staff,
        admin,
        factories.coordinator_of(other_provider),
    ]
    for person in people:
        for page in ("/catalogue/?q=puusepän", f"/catalogue/reports/{catalogue.wood_report.id}"):
            html = login(person).get(page).get_data(as_text=True)
            assert "Rakennus- ja puuala" not in html, (person.email, page)
            assert f'href="/quotas/{quota.id}"' not in html
    # The other provider sees its own quota of the same unit, and only that.
    html = login(people[-1]).get("/catalogue/?q=puusepän").get_data(as_text=True)
    assert offers_of(html) == [
        f"Kiintiöpaikat osapuolelle Ekami Metalliala, {fi(day(0))}–{fi(day(180))}: "
        f"5/5 paikkaa vapaana tänään (täytettävä viimeistään {fi(day(30))})"
    ]
    assert f'href="/quotas/{others_quota.id}"' in html


def test_full_ahead_and_ended_quotas(
    db: Any, catalogue: Catalogue, provider: Party, provider_staff: User, login: Login
) -> None:
    full = reserve(db, catalogue.wood, provider, places=1, field_name="Täysi")
    hold(full, 0, 40, reference="LUOVI-VARAUS-2")
    always_full = reserve(db, catalogue.wood, provider, places=1, field_name="Aina täysi")
    hold(always_full, 0, 180, reference="LUOVI-VARAUS-3")
    reserve(db, catalogue.wood, provider, places=3, start=50, end=200, field_name="Tuleva")
    reserve(db, catalogue.wood, provider, start=-200, end=-1, reply_by=-250, field_name="Päättynyt")
    returned = reserve(db, catalogue.wood, provider, reply_by=-5, field_name="Palautettu")
    returned.released_on = day(-4)
    db.session.commit()

    texts = offers_of(login(provider_staff).get("/catalogue/?q=puusepän").get_data(as_text=True))
    assert len(texts) == 1
    text = texts[0]
    assert f"Täysi, {fi(day(0))}–{fi(day(180))}: Paikka on käytössä; se vapautuu {fi(day(41))}" in (
        text
    )
    assert "Aina täysi" in text and "Paikka on käytössä jakson loppuun asti" in text
    assert f"Tuleva, {fi(day(50))}–{fi(day(200))}: 3/3 paikkaa vapaana {fi(day(50))}" in text
    assert "Päättynyt" not in text
    # Past its reply-by date a quota no longer asks to be filled by then.
    assert f"Palautettu, {fi(day(0))}–{fi(day(180))}: 2/2 paikkaa vapaana tänään" in text
    assert text.count("täytettävä viimeistään") == 3


def test_a_page_reads_the_quotas_once_however_many_units_keep_places(
    db: Any,
    catalogue: Catalogue,
    provider: Party,
    provider_staff: User,
    login: Login,
) -> None:
    client = login(provider_staff)

    def quota_reads() -> int:
        with counting_queries() as statements:
            assert client.get("/catalogue/").status_code == 200
        return sum(1 for s in statements if "FROM quota " in s or "FROM quota\n" in s)

    reserve(db, catalogue.wood, provider)
    one = quota_reads()
    for index in range(6):
        unit = factories.UnitFactory(party=catalogue.wood.party, name=f"Yksikkö {index}")
        factories.LearningEnvironmentFactory(
            unit=unit, qualification_units=[("Puuseppäalan perustutkinto", f"Osa {index}", "")]
        )
        reserve(db, unit, provider, field_name=f"Ala {index}")
    assert one >= 1
    assert quota_reads() == one
