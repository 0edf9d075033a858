"""The invoice bases in sums per month and party — support days, instalments, bonuses —
with their state: the parties' coordinators
see their own bases' sums, another party's coordinator none, staff no reports at all."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from flask.testing import FlaskClient

from portal.auth.models import User
from portal.placements.models import PlacementStatus
from tests import factories
from tests.factories import PlacementBuilder
from tests.people import People

Login = Callable[[User], FlaskClient]


def _december(make_placement: PlacementBuilder) -> None:
    placement = make_placement(
        PlacementStatus.COMPLETED,
        reference="LUOVI-2024-077",
        start_on=date(2024, 12, 2),
        started_on=date(2024, 12, 2),
        end_on=date(2024, 12, 13),
        ended_on=date(2024, 12, 13),
        daily_price=Decimal("50.00"),
        bonus_amount=Decimal("300.00"),
        bonus_last_day=date(2025, 6, 30),
    )
    # A unit completed during the period: its result bonus falls due in December.
    placement.units[0].completed, placement.units[0].completed_on = True, date(2024, 12, 10)
    for n in range(12):
        factories.DailyRecordFactory(placement=placement, day=date(2024, 12, 2) + timedelta(n))
    factories.ClosedMonthFactory(placement=placement, month=date(2024, 12, 1))


def test_the_parties_coordinators_see_the_sums_and_the_state(
    people: People, make_placement: PlacementBuilder, login: Login, db: Any
) -> None:
    _december(make_placement)
    provider = login(people.provider_coordinator)
    assert provider.post(f"/invoicing/{people.workshop.id}/{people.provider.id}/2024-12/confirm")
    page = provider.get("/reports/invoice-bases?year=2024").get_data(as_text=True)
    assert "750,00" in page and "300,00" in page and "Vahvistettu" in page
    assert "LUOVI-2024-077" not in page  # sums only
    response = login(people.workshop_coordinator).get(
        "/reports/invoice-bases/by-party-and-month.csv?year=2024"
    )
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig")), delimiter=";"))
    assert rows[1] == [
        "2024-12",
        "Parik-säätiö",
        "Ammattiopisto Luovi",
        "9",
        "450,00",
        "0,00",
        "300,00",
        "750,00",
        "ei",
        "Vahvistettu",
    ]
    every_year = login(people.workshop_coordinator).get(
        "/reports/invoice-bases/by-party-and-month.csv?year=all"
    )
    assert every_year.get_data() == response.get_data()


def test_another_party_sees_no_sums_and_staff_no_report(
    people: People, make_placement: PlacementBuilder, login: Login, db: Any
) -> None:
    _december(make_placement)
    page = login(people.outsider).get("/reports/invoice-bases?year=2024").get_data(as_text=True)
    assert "450,00" not in page
    assert login(people.provider_staff).get("/reports/invoice-bases").status_code == 403
