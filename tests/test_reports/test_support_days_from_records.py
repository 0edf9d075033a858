"""The support-days report counted from the daily records, as each role reads it.

Parik's period from Luovi, 25.11.–13.12.2024 at 50 € a day, with days of illness paid:

* November (25.–29.11.), five days present, closed by Parik's coordinator: 5 days, 250 €, final.
* December, not closed: present 2.–5.12. and 12.12. (5); Independence Day on Friday 6.12. was
  entered as present and is not counted; ill 9.12. (paid); absent 10.12. and on leave 11.12.
  (not paid: the agreement pays for illness only); 13.12. entered present, then corrected to
  ill (paid). 7 days, 350 €, provisional.

Kotka's period from Luovi, 2.–13.12.2024 at 40 €, has no records: estimated from its working
days, 9 (Independence Day left out), 360 €; an estimate is not marked provisional.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from flask.testing import FlaskClient

from portal.auth.models import Role, User
from portal.daily_records.models import Presence
from portal.placements.models import (
    Placement,
    PlacementAgreement,
    PlacementSignature,
    PlacementStatus,
)
from tests import factories
from tests.people import People
from tests.test_performance.counting import statements_of
from tests.test_reports.figures import csv_rows, page_table, text_of

Client = Callable[[User], FlaskClient]
R, E, RE, P = "daily records", "estimate", "daily records and estimate", "provisional"
HEAD = ["Month", "Periods", "Support days", "Amount", "Counted from", "Provisional"]


def _period(people: People, workshop: Any, start: date, end: date, price: str) -> Placement:
    return factories.PlacementFactory(
        status=PlacementStatus.COMPLETED,
        sender=people.provider,
        receiver=workshop,
        start_on=start,
        end_on=end,
        started_on=start,
        ended_on=end,
        daily_price=Decimal(price),
        ill_days_paid=True,
        # The terms are the placement's own until a test adds signed versions.
        versions=0,
    )


@pytest.fixture
def recorded(db: Any, people: People) -> tuple[Placement, Placement]:
    parik = _period(people, people.workshop, date(2024, 11, 25), date(2024, 12, 13), "50.00")
    kotka = _period(people, people.other_workshop, date(2024, 12, 2), date(2024, 12, 13), "40")
    kotka.ill_days_paid = False
    entries = {date(2024, 11, 25) + timedelta(days=n): Presence.PRESENT for n in range(5)}
    entries |= {date(2024, 12, 2) + timedelta(days=n): Presence.PRESENT for n in range(5)}
    entries |= {
        date(2024, 12, 9): Presence.ILL,
        date(2024, 12, 10): Presence.ABSENT,
        date(2024, 12, 11): Presence.AGREED_LEAVE,
        date(2024, 12, 12): Presence.PRESENT,
        date(2024, 12, 13): Presence.PRESENT,
    }
    for day, presence in entries.items():
        factories.DailyRecordFactory(placement=parik, day=day, presence=presence)
    factories.DailyRecordFactory(
        placement=parik, day=date(2024, 12, 13), presence=Presence.ILL, revision=2, hours=None
    )
    factories.ClosedMonthFactory(placement=parik, month=date(2024, 11, 1))
    db.session.commit()
    return parik, kotka


def months(client: FlaskClient, query: str = "year=2024") -> list[list[str]]:
    html = client.get(f"/reports/support-days?{query}").get_data(as_text=True)
    return page_table(html, "by-month")


def test_the_workshops_coordinator_sees_its_period_from_the_records(
    recorded: Any, people: People, as_user: Client
) -> None:
    client = as_user(people.workshop_coordinator)
    assert months(client) == [
        HEAD,
        ["November 2024", "1", "5", "€250.00", R, ""],
        ["December 2024", "1", "7", "€350.00", R, P],
        ["Total", "1", "12", "€600.00", R, P],
    ]
    text = text_of(client.get("/reports/support-days?year=2024").get_data(as_text=True))
    assert (
        "From the daily records: 12 support days (10 present, 2 paid absences). Not counted: "
        "2 absences the agreement does not pay for, and 1 entries on a weekend or a public "
        "holiday."
    ) in text
    assert "Provisional: 1 months of the periods counted from the daily records are not" in text
    assert "Estimated" not in text
    rows = csv_rows(client, "/reports/support-days/by-month.csv?year=2024")
    assert rows[1:] == [
        ["2024-11", "1", "5", "250,00", R, "no"],
        ["2024-12", "1", "7", "350,00", R, "yes"],
        ["Total", "1", "12", "600,00", R, "yes"],
    ]


def test_the_providers_coordinator_sees_both_periods_records_and_estimate(
    recorded: Any, people: People, as_user: Client
) -> None:
    client = as_user(people.provider_coordinator)
    assert months(client) == [
        HEAD,
        ["November 2024", "1", "5", "€250.00", R, ""],
        ["December 2024", "2", "16", "€710.00", RE, P],
        ["Total", "2", "21", "€960.00", RE, P],
    ]
    html = client.get("/reports/support-days?year=2024").get_data(as_text=True)
    assert page_table(html, "by-party")[1:] == [
        ["Kotkan paja", "Ammattiopisto Luovi", "1", "9", "€360.00", E, ""],
        ["Parik-säätiö", "Ammattiopisto Luovi", "1", "12", "€600.00", R, P],
        ["Total", "", "2", "21", "€960.00", RE, P],
    ]
    assert "Estimated from the working days of months without daily records: 9" in text_of(html)
    assert 'class="tag tag--warning">provisional</span>' in html


def test_another_partys_coordinator_sees_only_its_own_period(
    recorded: Any, people: People, as_user: Client
) -> None:
    client = as_user(people.outsider)  # Kotka's coordinator
    assert months(client)[1:] == [
        ["December 2024", "1", "9", "€360.00", E, ""],
        ["Total", "1", "9", "€360.00", E, ""],
    ]
    # Asking for Parik's figures counts nothing of them.
    query = f"year=2024&party={people.workshop.id}"
    assert months(client, query)[1:] == [["No figures for this choice."]]
    client = as_user(people.workshop_coordinator)
    query = f"year=2024&party={people.other_workshop.id}"
    assert months(client, query)[1:] == [["No figures for this choice."]]


def test_a_third_party_and_staff_count_nothing(
    recorded: Any, people: People, as_user: Client
) -> None:
    html = as_user(people.social_coordinator).get("/reports/support-days?year=2024")
    assert "Support days in all: 0" in text_of(html.get_data(as_text=True))
    staff = as_user(people.workshop_staff)
    assert staff.get("/reports/support-days?year=2024").status_code == 403
    assert staff.get("/reports/support-days/by-month.csv?year=2024").status_code == 403


def _signed(number: int, terms: dict[str, Any], placement: Placement, at: datetime) -> Any:
    return PlacementAgreement(
        number=number,
        terms={"reference": placement.reference, "initials": "A.K.", "terms": terms},
        signatures=[
            PlacementSignature(
                party_id=party_id, signer_name="Allekirjoittaja", signer_role=Role.COORDINATOR,
                signed_at=at,
            )
            for party_id in (placement.sender_party_id, placement.receiver_party_id)
        ],
    )  # fmt: skip


def test_an_amendment_that_pays_for_agreed_leave_applies_from_its_signing(
    recorded: tuple[Placement, Placement], people: People, as_user: Client, db: Any
) -> None:
    parik, _kotka = recorded
    first = {"daily_price": "50.00", "ill_days_paid": True}
    parik.agreements = [
        _signed(1, first, parik, datetime(2024, 11, 20, 9, 0, tzinfo=UTC)),
        # Both had signed on Tuesday 10.12.2024: the leave on Wednesday 11.12. is paid.
        _signed(
            2, first | {"agreed_leave_paid": True}, parik, datetime(2024, 12, 10, 9, 0, tzinfo=UTC)
        ),
    ]
    db.session.commit()
    rows = months(as_user(people.workshop_coordinator))
    # 7 days and 350 € before, one day more at 50 €.
    assert rows[2] == ["December 2024", "1", "8", "€400.00", R, P]


def test_a_version_signed_before_paid_absences_were_asked_pays_for_none(
    recorded: tuple[Placement, Placement], people: People, as_user: Client, db: Any
) -> None:
    parik, _kotka = recorded
    # As versions were recorded before: no word of paid absences.
    parik.agreements = [
        _signed(1, {"daily_price": "50.00"}, parik, datetime(2024, 11, 20, 9, 0, tzinfo=UTC))
    ]
    db.session.commit()
    rows = months(as_user(people.workshop_coordinator))
    # The two days of illness no longer count: 5 days present, 250 €.
    assert rows[2] == ["December 2024", "1", "5", "€250.00", R, P]


def _recorded_period(people: People, start: date) -> None:
    placement = _period(people, people.workshop, start, start + timedelta(days=30), "45.00")
    for n in range(10):
        factories.DailyRecordFactory(placement=placement, day=start + timedelta(days=n))
    factories.ClosedMonthFactory(placement=placement, month=start.replace(day=1))


def test_the_report_reads_the_records_in_as_many_statements_for_more_periods(
    db: Any, people: People, login: Callable[[User], FlaskClient]
) -> None:
    client = login(people.workshop_coordinator)
    url = "/reports/support-days?year=2025"
    _recorded_period(people, date(2025, 3, 3))
    db.session.commit()
    small = statements_of(client, url)
    for month in range(4, 12):
        _recorded_period(people, date(2025, month, 1))
    db.session.commit()
    larger = statements_of(client, url)
    assert len(larger) == len(small)
    records = [s for s in larger if "FROM daily_record" in s]
    assert len(records) == 2  # the days' latest revisions, and the closed months
