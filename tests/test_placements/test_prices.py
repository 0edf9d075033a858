"""Prices as agreed: a workshop period priced by day or as a service package in instalments,
how special support's extra is shared, and the result bonus — in the terms' form, on the
placement's page, in every version of the agreement and in its amendments."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from flask.testing import FlaskClient

from portal.auth.models import User
from portal.core.errors import DomainError
from portal.placements.agreements import terms_of
from portal.placements.enums import Pricing
from portal.placements.models import Direction, Placement, PlacementStatus
from portal.placements.prices import (
    BadInstalmentLine,
    Instalment,
    cents,
    parse_instalments,
)
from portal.placements.terms_checks import check_terms
from tests.factories import PlacementBuilder
from tests.factories.placements import workshop_period_terms
from tests.test_placements.test_pages import placement_id, workshop_period_form

S = PlacementStatus
Login = Callable[[User], FlaskClient]


def english(login: Login, user: User) -> FlaskClient:
    user.locale = "en"
    return login(user)


def package_form(**changes: str) -> dict[str, str]:
    data = workshop_period_form(
        pricing="package",
        daily_price="",
        package_sum="3 000,00",
        package_description="Jakson tukipalvelut kokonaisuutena.",
        instalments="31.3.2027 1 500,00\n30.4.2027 1500",
    )
    data.update(changes)
    return data


def error_beside(html: str, name: str) -> str:
    """The error message shown with the field ``name``."""
    found = re.search(rf'<p class="error" id="{name}-error">(.*?)</p>', html, re.S)
    assert found, f"no error beside {name}"
    return found.group(1)


def test_rounding_is_once_to_cents_half_up() -> None:
    assert cents(Decimal("10.005")) == Decimal("10.01")
    assert cents(Decimal("10.004")) == Decimal("10.00")
    assert parse_instalments("1.2.2027 1 000,255\n2027-01-15 5") == [
        Instalment(date(2027, 1, 15), Decimal("5.00")),
        Instalment(date(2027, 2, 1), Decimal("1000.26")),
    ]
    with pytest.raises(BadInstalmentLine) as bad:
        parse_instalments("1.2.2027 100\nhuomenna sata")
    assert bad.value.number == 2


def test_a_package_is_agreed_with_instalments_summing_to_its_sum(
    people: dict[str, User], login: Login, workshop: Any, db: Any
) -> None:
    client = english(login, people["provider_staff"])
    form = client.get("/placements/new/to-workshop").get_data(as_text=True)
    assert "As a service package" in form and "Instalments" in form

    response = client.post(
        "/placements/new/to-workshop", data=package_form(receiver=str(workshop.id))
    )
    assert response.status_code == 303, response.get_data(as_text=True)
    placement = db.session.get(Placement, placement_id(response))
    assert placement.pricing == Pricing.PACKAGE and placement.daily_price is None
    assert placement.package_sum == Decimal("3000.00")
    assert [(i.due_on, i.amount) for i in placement.instalments] == [
        (date(2027, 3, 31), Decimal("1500.00")),
        (date(2027, 4, 30), Decimal("1500.00")),
    ]
    page = client.get(f"/placements/{placement.id}").get_data(as_text=True)
    assert "As a service package" in page and "€3,000.00" in page and "€1,500.00" in page
    # The draft's edit shows them as they are written.
    edit = client.get(f"/placements/{placement.id}/edit").get_data(as_text=True)
    assert "31.3.2027 1500,00\n30.4.2027 1500,00" in edit
    assert re.search(r'value="package"[^>]*checked|checked[^>]*value="package"', edit)


def test_instalments_that_do_not_add_up_are_refused_beside_the_field(
    people: dict[str, User], login: Login, workshop: Any, db: Any
) -> None:
    client = english(login, people["provider_staff"])
    typed = "31.3.2027 1 500,00\n30.4.2027 1 000,00"
    response = client.post(
        "/placements/new/to-workshop",
        data=package_form(receiver=str(workshop.id), instalments=typed),
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "The instalments add up to €2,500.00, but the package&#39;s sum is €3,000.00" in (
        error_beside(html, "instalments")
    )
    # What was typed is kept, and nothing was saved.
    assert "30.4.2027 1 000,00" in html
    assert db.session.query(Placement).count() == 0

    response = client.post(
        "/placements/new/to-workshop",
        data=package_form(receiver=str(workshop.id), instalments="31.3.2027 sata euroa x"),
    )
    assert response.status_code == 422
    assert "Line 1 is not an instalment" in error_beside(
        response.get_data(as_text=True), "instalments"
    )

    response = client.post(
        "/placements/new/to-workshop",
        data=package_form(receiver=str(workshop.id), package_description=""),
    )
    assert response.status_code == 422
    assert "Describe what the package covers." in error_beside(
        response.get_data(as_text=True), "package_description"
    )


def test_the_finnish_reader_sees_the_sums_in_finnish(
    people: dict[str, User], login: Login, workshop: Any, db: Any
) -> None:
    client = login(people["provider_staff"])
    response = client.post(
        "/placements/new/to-workshop",
        data=package_form(receiver=str(workshop.id), instalments="31.3.2027 1 000"),
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Maksuerät ovat yhteensä 1\xa0000,00\xa0€" in html


def test_special_support_says_how_the_extra_is_shared_before_it_is_submitted() -> None:
    terms = workshop_period_terms(special_support=True)
    # A draft may leave it open.
    check_terms(Direction.TO_WORKSHOP, terms, complete=False)
    with pytest.raises(DomainError) as refused:
        check_terms(Direction.TO_WORKSHOP, terms, complete=True)
    assert refused.value.field == "extra_share_percent"
    check_terms(
        Direction.TO_WORKSHOP,
        workshop_period_terms(special_support=True, extra_share_note="Puolet työpajalle."),
        complete=True,
    )
    with pytest.raises(DomainError) as refused:
        check_terms(
            Direction.TO_WORKSHOP,
            workshop_period_terms(special_support=True, extra_share_percent=Decimal(120)),
            complete=True,
        )
    assert refused.value.field == "extra_share_percent"


def test_a_bonus_needs_its_amount_and_last_day_not_before_the_start() -> None:
    start = workshop_period_terms().start_on
    for overrides, field in (
        ({"bonus_amount": Decimal(300)}, "bonus_last_day"),
        ({"bonus_last_day": start}, "bonus_amount"),
        (
            {"bonus_amount": Decimal(300), "bonus_last_day": start - timedelta(days=1)},
            "bonus_last_day",
        ),
    ):
        with pytest.raises(DomainError) as refused:
            check_terms(Direction.TO_WORKSHOP, workshop_period_terms(**overrides), complete=True)
        assert refused.value.field == field
    check_terms(
        Direction.TO_WORKSHOP,
        workshop_period_terms(bonus_amount=Decimal(300), bonus_last_day=start),
        complete=True,
    )


def test_an_amendment_changes_to_a_package_and_adds_a_bonus(
    people: dict[str, User], login: Login, make_placement: PlacementBuilder, db: Any
) -> None:
    placement = make_placement(S.AGREED)
    last_day = placement.end_on + timedelta(days=180)
    client = english(login, people["provider_coordinator"])
    amend = client.get(f"/placements/{placement.id}/amend").get_data(as_text=True)
    assert 'value="by_day" checked' in amend or 'value="by_day"' in amend
    data = package_form(
        start_on=placement.start_on.isoformat(),
        end_on=placement.end_on.isoformat(),
        special_support="y",
        extra_share_percent="40",
        extra_share_note="Korotuksella lisätunnit.",
        bonus_amount="250",
        bonus_last_day=last_day.isoformat(),
        reason="Palvelupaketti ja tulospalkkio.",
    )
    response = client.post(f"/placements/{placement.id}/amend", data=data)
    assert response.status_code == 303, response.get_data(as_text=True)
    db.session.expire_all()
    first, second = db.session.get(Placement, placement.id).agreements
    assert terms_of(first).pricing == Pricing.BY_DAY and terms_of(first).bonus_amount is None
    amended = terms_of(second)
    assert amended.pricing == Pricing.PACKAGE and amended.package_sum == Decimal("3000.00")
    assert amended.instalments[0] == Instalment(date(2027, 3, 31), Decimal("1500.00"))
    assert (amended.bonus_amount, amended.bonus_last_day) == (Decimal("250.00"), last_day)
    assert amended.extra_share_percent == Decimal("40.00")

    page = client.get(f"/placements/{placement.id}/agreement/2").get_data(as_text=True)
    assert "As a service package" in page and "The workshop's share: 40 %" in page
    assert "€250.00 per qualification unit completed by" in page
    page = client.get(f"/placements/{placement.id}/agreement/1").get_data(as_text=True)
    assert "By day" in page and "None agreed" in page

    # Until both have signed it, the placement keeps its terms in force.
    assert db.session.get(Placement, placement.id).pricing == Pricing.BY_DAY
    for signer in (people["provider_coordinator"], people["workshop_coordinator"]):
        signed = english(login, signer).post(
            f"/placements/{placement.id}/agreement/sign",
            data={"version": "2", "title": "Koordinaattori", "confirm": "y"},
        )
        assert signed.status_code == 303
    db.session.expire_all()
    placement = db.session.get(Placement, placement.id)
    assert placement.pricing == Pricing.PACKAGE and len(placement.instalments) == 2
    assert placement.bonus_amount == Decimal("250.00")


def test_a_version_recorded_before_prices_as_agreed_reads_as_priced_by_day(
    make_placement: PlacementBuilder, db: Any
) -> None:
    placement = make_placement(S.AGREED)
    version = placement.agreements[0]
    older = {
        k: v
        for k, v in version.terms["terms"].items()
        if k
        not in {
            "pricing",
            "package_sum",
            "package_description",
            "instalments",
            "extra_share_percent",
            "extra_share_note",
            "bonus_amount",
            "bonus_last_day",
        }
    }
    version.terms = dict(version.terms, terms=older)
    db.session.commit()
    terms = terms_of(version)
    assert terms.pricing == Pricing.BY_DAY and terms.instalments == []
    assert terms.bonus_amount is None and terms.daily_price == Decimal("55.00")
