"""The terms of a workshop period: its length, the daily price against the recommended
range of the support level, and the qualification units as typed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

import pytest
from flask.testing import FlaskClient

from portal.auth.models import User
from portal.core.dates import add_months
from portal.core.errors import DomainError
from portal.parties.models import Party
from portal.placements import service
from portal.placements.models import Direction, SupportLevel
from portal.placements.terms import UnitLine
from portal.placements.terms_advice import period_warning, price_warning
from portal.placements.terms_text import parse_units
from tests.factories import PlacementBuilder, workshop_period_terms

ClientOf = Callable[[User], FlaskClient]

WHO = service.Individual("LUOVI-2026-007", "M.M.")


@pytest.mark.parametrize(
    ("months", "days_more", "refused", "warned"),
    [
        (0, 20, True, True),  # under a month
        (1, 0, False, True),
        (3, 0, False, False),
        (6, 0, False, False),
        (6, 10, False, True),
        (12, 0, False, True),
        (12, 1, True, True),  # over twelve months
    ],
)
def test_workshop_period_length(
    months: int,
    days_more: int,
    refused: bool,
    warned: bool,
    provider_staff: User,
    workshop: Party,
    request_context: None,
) -> None:
    start = date(2027, 2, 1)
    end = add_months(start, months) + timedelta(days=days_more - 1)
    terms = workshop_period_terms(start_on=start, end_on=end)
    if refused:
        with pytest.raises(DomainError) as error:
            service.create(provider_staff, Direction.TO_WORKSHOP, workshop, WHO, terms)
        assert error.value.field == "end_on"
    else:
        service.create(provider_staff, Direction.TO_WORKSHOP, workshop, WHO, terms)
    assert (period_warning(start, end) is not None) == warned


def test_period_must_end_after_it_starts(
    provider_staff: User, workshop: Party, request_context: None
) -> None:
    start = date(2027, 2, 1)
    with pytest.raises(DomainError, match="end after it starts"):
        service.create(
            provider_staff,
            Direction.TO_WORKSHOP,
            workshop,
            WHO,
            workshop_period_terms(start_on=start, end_on=start),
        )


@pytest.mark.parametrize(
    ("level", "price", "recommended"),
    [
        (SupportLevel.BASIC, "30", True),
        (SupportLevel.BASIC, "45", True),
        (SupportLevel.BASIC, "29.99", False),
        (SupportLevel.BASIC, "46", False),
        (SupportLevel.INTERMEDIATE, "40", True),
        (SupportLevel.INTERMEDIATE, "80", True),
        (SupportLevel.INTERMEDIATE, "85", False),
        (SupportLevel.DEMANDING, "70", True),
        (SupportLevel.DEMANDING, "150", True),
        (SupportLevel.DEMANDING, "65", False),
    ],
)
def test_price_outside_the_recommended_range_is_allowed_with_a_reason(
    level: SupportLevel,
    price: str,
    recommended: bool,
    provider_staff: User,
    workshop: Party,
    request_context: None,
) -> None:
    terms = workshop_period_terms(support_level=level, daily_price=Decimal(price))
    assert (price_warning(level, Decimal(price)) is None) == recommended
    if recommended:
        service.create(provider_staff, Direction.TO_WORKSHOP, workshop, WHO, terms)
        return
    with pytest.raises(DomainError) as error:
        service.create(provider_staff, Direction.TO_WORKSHOP, workshop, WHO, terms)
    assert error.value.field == "price_reason"
    terms.price_reason = "Pitkä yhteistyö, sovittu vastuuhenkilöiden tapaamisessa."
    placement = service.create(provider_staff, Direction.TO_WORKSHOP, workshop, WHO, terms)
    assert placement.price_reason.startswith("Pitkä yhteistyö")


def test_units_are_read_one_a_line_with_an_optional_code() -> None:
    assert parse_units(
        "106927 Puutuotteiden valmistus\n\n  Kiinteistönhoito  \n106927 Puutuotteiden valmistus"
    ) == [
        UnitLine("Puutuotteiden valmistus", "106927"),
        UnitLine("Kiinteistönhoito"),
    ]


def test_the_draft_form_shows_the_range_and_warns_about_the_price_on_every_render(
    make_placement: PlacementBuilder, login: ClientOf, provider_staff: User
) -> None:
    placement = make_placement(daily_price=Decimal("95"), price_reason="Yksilövalmennus")
    html = login(provider_staff).get(f"/placements/{placement.id}/edit").get_data(as_text=True)
    advice = html[html.index('id="price-advice"') :]
    advice = advice[: advice.index("</div>")]
    assert "40–80 € päivässä" in advice
    assert "tämän tukitason suositushaarukan (40–80 € päivässä) ulkopuolella" in advice


@pytest.mark.parametrize(
    ("level", "price", "warned"),
    [("intermediate", "95", True), ("intermediate", "55,50 €", False), ("basic", "46", True)],
)
def test_the_range_and_the_warning_follow_the_level_and_price_as_they_are_chosen(
    login: ClientOf, provider_staff: User, level: str, price: str, warned: bool
) -> None:
    response = login(provider_staff).get(
        "/placements/price-advice",
        query_string={"support_level": level, "daily_price": price},
        headers={"HX-Request": "true"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in html
    assert ("40–80 €" if level == "intermediate" else "30–45 €") in html
    assert ("ulkopuolella" in html) == warned
    # No level chosen yet: nothing to say.
    empty = login(provider_staff).get("/placements/price-advice", query_string={"x": "1"})
    assert "€" not in empty.get_data(as_text=True)
