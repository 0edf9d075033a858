"""A workshop period priced as a service package: the support-days report counts its days
but no daily price, and says the period is priced as a package."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from flask.testing import FlaskClient

from portal.auth.models import User
from portal.placements.enums import Pricing
from portal.placements.models import PlacementInstalment
from tests import factories
from tests.people import People
from tests.test_reports.figures import csv_rows

Client = Callable[[User], FlaskClient]


def test_a_package_priced_period_counts_its_days_with_no_daily_price(
    db: Any, as_user: Client, people: People
) -> None:
    common = dict(
        completed=True,
        sender=people.provider,
        receiver=people.workshop,
        start_on=date(2025, 9, 1),
        end_on=date(2025, 9, 26),
        started_on=date(2025, 9, 1),
        ended_on=date(2025, 9, 26),
    )
    factories.PlacementFactory(**common, daily_price=Decimal("50.00"))
    factories.PlacementFactory(
        **common,
        daily_price=None,
        pricing=Pricing.PACKAGE,
        package_sum=Decimal("2000.00"),
        package_description="Jakson tukipalvelut.",
        instalments=[
            PlacementInstalment(position=0, due_on=date(2025, 9, 30), amount=Decimal("2000.00"))
        ],
    )
    client = as_user(people.workshop_coordinator)
    rows = csv_rows(client, "/reports/support-days/by-month.csv?year=all")
    # Both periods hold 20 weekdays; only the one priced by day adds 20 × 50 €.
    assert rows[1:] == [
        ["2025-09", "2", "40", "1000,00", "estimate", "no"],
        ["Total", "2", "40", "1000,00", "estimate", "no"],
    ]
    page = client.get("/reports/support-days?year=all").get_data(as_text=True)
    assert "Periods priced as a package (days counted, no daily price" in page
    assert "A period priced as a package is paid by the package" in page
