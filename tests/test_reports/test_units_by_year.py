"""Qualification units as the provider recorded them completed, per party and year of
completion, with the result bonuses that fell due for them."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from flask.testing import FlaskClient

from portal.auth.models import User
from portal.placements.models import PlacementQualificationUnit, PlacementStatus
from tests.factories import PlacementBuilder
from tests.people import People

Login = Callable[[User], FlaskClient]


def test_units_count_in_the_year_recorded_completed_with_their_bonuses(
    people: People, make_placement: PlacementBuilder, login: Login, db: Any
) -> None:
    placement = make_placement(
        PlacementStatus.COMPLETED,
        start_on=date(2024, 9, 2),
        started_on=date(2024, 9, 2),
        ended_on=date(2024, 12, 13),
        bonus_amount=Decimal("300.00"),
        bonus_last_day=date(2025, 1, 31),
    )
    placement.units.append(PlacementQualificationUnit(position=1, name="Pintakäsittely"))
    placement.units.append(PlacementQualificationUnit(position=2, name="Huolto"))
    db.session.flush()
    first, second, third = placement.units[:3]
    first.completed, first.completed_on = True, date(2024, 12, 10)
    second.completed, second.completed_on = True, date(2025, 1, 20)  # after, within the bonus
    third.completed, third.completed_on = True, date(2025, 3, 3)  # too late for the bonus
    db.session.commit()
    client = login(people.provider_coordinator)
    response = client.get("/reports/qualification-units/by-party-and-year.csv?year=all")
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig")), delimiter=";"))
    assert rows[1:] == [
        ["Ammattiopisto Luovi", "2024", "1", "1", "300,00"],
        ["Ammattiopisto Luovi", "2025", "2", "1", "300,00"],
        ["Parik-säätiö", "2024", "1", "1", "300,00"],
        ["Parik-säätiö", "2025", "2", "1", "300,00"],
        ["Kaikki tutkinnon osat, kukin kerran", "", "3", "2", "600,00"],
    ]
    page = client.get("/reports/qualification-units?year=2025").get_data(as_text=True)
    assert "600,00" not in page and "300,00" in page
    outsider = login(people.outsider).get("/reports/qualification-units/by-party-and-year.csv")
    assert len(list(csv.reader(io.StringIO(outsider.get_data().decode("utf-8-sig"))))) == 2
