"""The report "Quota use", its figures counted by hand, its CSV files and who reads what.

Three quotas, with fixed dates so that the days can be counted on a calendar (every day
counts, weekends included; both ends of a range are in it):

=====  ============================  ===========================  ======  =============
quota  parties, period               places                       days    reserved
=====  ============================  ===========================  ======  =============
Q1     Parik → Luovi,                2, none went back            90      2 × 90 = 180
       1.1.–31.3.2025                                             (31 + 28 + 31)
Q2     Parik → Luovi,                3 as reserved: 1 kept, 2     90      3 × 90 = 270
       1.12.2025–28.2.2026           went back at the reply-by    (31 + 31 + 28)
Q3     Kotka → Luovi,                1                            31      1 × 31 = 31
       1.1.–31.1.2025
=====  ============================  ===========================  ======  =============

Their places, and the days each is in use:

* Q1 A1, a named reservation 1.1.–31.1.2025: 31 days (January).
* Q1 A2, a workshop period 1.2.–31.3.2025 completed early on 28.2.: 1.2.–28.2. = 28 days
  (February).
* Q1 A3, a workshop period 1.1.–31.3.2025 that was declined: no day.
* Q1 A4, a named reservation 1.3.–31.3.2025 released from 16.3.: 1.3.–15.3. = 15 days (March).
* Q2 B1, a workshop period 1.12.2025–28.2.2026 interrupted on 15.1.2026: 1.12.2025–14.1.2026
  = 31 days in December 2025 + 14 days in January 2026 = 45 days.
* Q3 C1, a named reservation 1.1.–31.1.2025: 31 days.

So Parik and Luovi: 2 quotas, 2 + 3 = 5 places, 180 + 270 = 450 place-days reserved,
31 + 28 + 15 + 45 = 119 in use, 119 / 450 = 26.4 %, 2 places went back.
In 2025 alone: Q1 180 / 74 and Q2's December 3 × 31 = 93 / 31: 273 / 105 = 38.5 %.
In 2026 alone: Q2's January and February 3 × 59 = 177 / 14 = 7.9 %.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from portal.auth.models import Role, User
from portal.extensions import db as _db
from portal.parties.models import Party, PartyKind, Unit, UnitKind
from portal.placements.models import Placement, PlacementStatus
from portal.quotas.models import Quota, QuotaAllocation
from tests import factories
from tests.queries import counting_queries
from tests.test_reports.figures import csv_rows, page_table, text_of

S = PlacementStatus
d = date
Client = Callable[[User], FlaskClient]


@dataclass
class Quotas:
    parik: Party
    luovi: Party
    kotka: Party
    sakky: Party
    maria: User  # Parik's coordinator
    sanna: User  # Parik's staff
    paivi: User  # Luovi's coordinator
    olli: User  # Kotka's coordinator: sees Q3 only
    saara: User  # Sakky's coordinator: a party to no quota
    admin: User
    placements: list[Placement]


def _quota(workshop: Party, provider: Party, start: date, end: date, **kw: Any) -> Quota:
    unit = _db.session.scalar(sa.select(Unit).where(Unit.party_id == workshop.id)) or (
        factories.UnitFactory(party=workshop, kind=UnitKind.FIELD, name="Puu- ja metallityö")
    )
    quota = Quota(
        workshop_id=workshop.id,
        unit_id=unit.id,
        provider_id=provider.id,
        field_name="Rakennus- ja puuala",
        start_on=start,
        end_on=end,
        reply_by=start,
        **kw,
    )
    _db.session.add(quota)
    return quota


def _place(quota: Quota, start: date, end: date, **kw: Any) -> QuotaAllocation:
    if "placement" not in kw:
        kw.setdefault("reference", f"LUOVI-VARAUS-{start.isoformat()}")
    place = QuotaAllocation(start_on=start, end_on=end, **kw)
    quota.allocations.append(place)
    return place


@pytest.fixture
def quotas(
    db: Any, workshop: Party, provider: Party, make_placement: Callable[..., Placement]
) -> Quotas:
    kotka = factories.PartyFactory(name="Kotkan paja", kind=PartyKind.WORKSHOP)
    sakky = factories.PartyFactory(name="Sakky", kind=PartyKind.EDUCATION_PROVIDER)

    def period(reference: str, status: PlacementStatus, start: date, end: date, **kw: Any) -> Any:
        return make_placement(status, reference=reference, start_on=start, end_on=end, **kw)

    early = period("LUOVI-A2", S.COMPLETED, d(2025, 2, 1), d(2025, 3, 31), ended_on=d(2025, 2, 28))
    declined = period("LUOVI-A3", S.DECLINED, d(2025, 1, 1), d(2025, 3, 31))
    interrupted = period(
        "LUOVI-B1", S.INTERRUPTED, d(2025, 12, 1), d(2026, 2, 28), ended_on=d(2026, 1, 15)
    )

    q1 = _quota(workshop, provider, d(2025, 1, 1), d(2025, 3, 31), places=2)
    _place(q1, d(2025, 1, 1), d(2025, 1, 31))
    _place(q1, d(2025, 2, 1), d(2025, 3, 31), placement=early)
    _place(q1, d(2025, 1, 1), d(2025, 3, 31), placement=declined)
    _place(q1, d(2025, 3, 1), d(2025, 3, 31), released_on=d(2025, 3, 16))
    q2 = _quota(
        workshop,
        provider,
        d(2025, 12, 1),
        d(2026, 2, 28),
        places=1,
        released_places=2,
        released_on=d(2025, 11, 16),
    )
    _place(q2, d(2025, 12, 1), d(2026, 2, 28), placement=interrupted)
    q3 = _quota(kotka, provider, d(2025, 1, 1), d(2025, 1, 31), places=1)
    _place(q3, d(2025, 1, 1), d(2025, 1, 31), reference="LUOVI-KOTKA-1")
    _db.session.commit()
    return Quotas(
        parik=workshop,
        luovi=provider,
        kotka=kotka,
        sakky=sakky,
        maria=factories.coordinator_of(workshop, email="maria@parik.example", name="Maria"),
        sanna=factories.UserFactory(party=workshop, role=Role.STAFF, email="sanna@parik.example"),
        paivi=factories.coordinator_of(provider, email="paivi@luovi.example", name="Päivi"),
        olli=factories.coordinator_of(kotka, email="olli@kotka.example", name="Olli"),
        saara=factories.coordinator_of(sakky, email="saara@sakky.example", name="Saara"),
        admin=factories.UserFactory(role=Role.ADMIN, party=None, email="admin@silta.example"),
        placements=[early, declined, interrupted],
    )


@pytest.fixture
def as_user(login: Callable[[User], FlaskClient]) -> Client:
    def _as(user: User) -> FlaskClient:
        user.locale = "en"
        return login(user)

    return _as


def report(client: FlaskClient, query: str = "") -> str:
    # The hand-counted quotas span years: every year, unless the query chooses one.
    if "year=" not in query:
        query += ("&" if query else "?") + "year=all"
    response = client.get("/reports/quotas" + query)
    assert response.status_code == 200
    return response.get_data(as_text=True)


HEADING = [
    "Workshop",
    "Education provider",
    "Quotas",
    "Places reserved",
    "Place-days reserved",
    "Place-days in use",
    "Use",
    "Places that went back at the reply-by date",
]
PARIK_LUOVI = ["Parik-säätiö", "Ammattiopisto Luovi", "2", "5", "450", "119", "26.4 %", "2"]
KOTKA_LUOVI = ["Kotkan paja", "Ammattiopisto Luovi", "1", "1", "31", "31", "100.0 %", "0"]


def test_the_workshops_coordinator_sees_its_quotas_counted_by_hand(
    quotas: Quotas, as_user: Client
) -> None:
    html = report(as_user(quotas.maria))
    assert page_table(html, "by-party") == [
        HEADING,
        PARIK_LUOVI,
        ["Total", "", "2", "5", "450", "119", "26.4 %", "2"],
    ]
    assert page_table(html, "by-month") == [
        ["Month", "Place-days reserved", "Place-days in use", "Use"],
        # Q1's two places: 2 × 31, 2 × 28, 2 × 31 reserved; A1, A2, A4 in use.
        ["January 2025", "62", "31", "50.0 %"],
        ["February 2025", "56", "28", "50.0 %"],
        ["March 2025", "62", "15", "24.2 %"],
        # Q2's three places as reserved: 3 × 31, 3 × 31, 3 × 28; B1 until 14.1.2026.
        ["December 2025", "93", "31", "33.3 %"],
        ["January 2026", "93", "14", "15.1 %"],
        ["February 2026", "84", "0", "0.0 %"],
        ["Total", "450", "119", "26.4 %"],
    ]
    text = text_of(html)
    assert "2 quotas in all." in text
    assert "Place-days in use: 119 of 450 reserved (26.4 %)." in text
    assert "Places that went back to the workshop at the reply-by date: 2." in text
    assert "How the figures are counted" in text and "weekends included" in text
    assert (
        '<title id="chart-by-month-title">Place-days reserved and in use by month</title>' in html
    )


def test_a_year_counts_the_days_of_the_quotas_in_it(quotas: Quotas, as_user: Client) -> None:
    client = as_user(quotas.maria)
    html = report(client, "?year=2025")
    assert page_table(html, "by-party")[1] == [
        "Parik-säätiö", "Ammattiopisto Luovi", "2", "5", "273", "105", "38.5 %", "2",
    ]  # fmt: skip
    assert [row[0] for row in page_table(html, "by-month")[1:]] == [
        "January 2025",
        "February 2025",
        "March 2025",
        "December 2025",
        "Total",
    ]
    html = report(client, "?year=2026")
    assert page_table(html, "by-party")[1] == [
        "Parik-säätiö", "Ammattiopisto Luovi", "1", "3", "177", "14", "7.9 %", "2",
    ]  # fmt: skip
    html = report(client, "?year=2024")
    assert page_table(html, "by-party") == [HEADING, ["No figures for this choice."]]
    assert "chart__svg" not in html  # no chart of nothing


def test_the_filters_offer_the_years_and_parties_of_the_quotas(
    quotas: Quotas, as_user: Client
) -> None:
    html = report(as_user(quotas.paivi))
    assert '<label for="year">Year of the period</label>' in html
    assert '<option value="2026"' in html and '<option value="2025"' in html
    assert '<option value="2024"' not in html
    assert f'<option value="{quotas.parik.id}"' in html
    assert f'<option value="{quotas.kotka.id}"' in html
    assert f'<option value="{quotas.sakky.id}"' not in html
    # The direction does not apply to quotas.
    assert 'name="direction"' not in html


def test_the_providers_coordinator_sees_both_workshops_and_may_narrow_to_one(
    quotas: Quotas, as_user: Client
) -> None:
    client = as_user(quotas.paivi)
    # Q3 adds Kotka: 3 quotas, 6 places, 481 reserved, 150 in use; 150 / 481 = 31.2 %.
    assert page_table(report(client), "by-party") == [
        HEADING,
        KOTKA_LUOVI,
        PARIK_LUOVI,
        ["Total", "", "3", "6", "481", "150", "31.2 %", "2"],
    ]
    html = report(client, f"?party={quotas.kotka.id}")
    assert page_table(html, "by-party")[1:] == [
        KOTKA_LUOVI,
        ["Total", "", "1", "1", "31", "31", "100.0 %", "0"],
    ]


def test_a_coordinator_of_an_uninvolved_party_sees_none_of_the_figures(
    quotas: Quotas, as_user: Client
) -> None:
    # Kotka sees its own quota only, nothing of Parik's.
    html = report(as_user(quotas.olli))
    assert page_table(html, "by-party")[1:] == [
        KOTKA_LUOVI,
        ["Total", "", "1", "1", "31", "31", "100.0 %", "0"],
    ]
    assert "Parik-säätiö" not in html
    # Sakky is a party to no quota: nothing, also when it asks for another party's figures.
    for query in ("", f"?party={quotas.parik.id}", f"?party={quotas.luovi.id}"):
        html = report(as_user(quotas.saara), query)
        assert "0 quotas in all." in text_of(html)
        assert "Parik-säätiö" not in html and "Ammattiopisto Luovi" not in html
        rows = csv_rows(as_user(quotas.saara), f"/reports/quotas/by-party.csv{query}")
        assert rows[1:] == [["Total", "", "0", "0", "0", "0", "", "0"]]
    # Parik asking for Kotka's figures gets none of them.
    html = report(as_user(quotas.maria), f"?party={quotas.kotka.id}")
    assert "Kotkan paja" not in html.split('id="results"')[1]
    assert page_table(html, "by-party")[1:] == [["No figures for this choice."]]


def test_the_administrator_sees_every_quota_as_every_placement(
    quotas: Quotas, as_user: Client
) -> None:
    html = report(as_user(quotas.admin))
    assert page_table(html, "by-party")[-1] == ["Total", "", "3", "6", "481", "150", "31.2 %", "2"]
    assert f'<option value="{quotas.kotka.id}"' in html


def test_staff_get_no_quota_report(quotas: Quotas, as_user: Client) -> None:
    client = as_user(quotas.sanna)
    assert client.get("/reports/quotas").status_code == 403
    assert client.get("/reports/quotas/by-party.csv").status_code == 403
    index = as_user(quotas.maria).get("/reports/").get_data(as_text=True)
    assert 'href="/reports/quotas"' in index and "Quota use" in index


@pytest.mark.parametrize("who", ["admin", "maria", "paivi"])
def test_the_report_names_no_individual(quotas: Quotas, as_user: Client, who: str) -> None:
    client = as_user(getattr(quotas, who))
    text = report(client)
    for table in ("by-party", "by-month"):
        text += client.get(f"/reports/quotas/{table}.csv?year=all").get_data(as_text=True)
    for reference in ("LUOVI-A2", "LUOVI-A3", "LUOVI-B1", "LUOVI-VARAUS", "LUOVI-KOTKA", "A.K."):
        assert reference not in text


def test_each_table_downloads_as_csv_for_excel(quotas: Quotas, as_user: Client) -> None:
    client = as_user(quotas.maria)
    assert csv_rows(client, "/reports/quotas/by-party.csv?year=all") == [
        [
            "Workshop",
            "Education provider",
            "Quotas",
            "Places reserved",
            "Place-days reserved",
            "Place-days in use",
            "Use (%)",
            "Places that went back at the reply-by date",
        ],
        ["Parik-säätiö", "Ammattiopisto Luovi", "2", "5", "450", "119", "26,4", "2"],
        ["Total", "", "2", "5", "450", "119", "26,4", "2"],
    ]
    assert csv_rows(client, "/reports/quotas/by-month.csv?year=2026") == [
        ["Month", "Place-days reserved", "Place-days in use", "Use (%)"],
        ["2026-01", "93", "14", "15,1"],
        ["2026-02", "84", "0", "0,0"],
        ["Total", "177", "14", "7,9"],
    ]
    response = client.get("/reports/quotas/by-party.csv?year=all")
    assert 'filename="silta-quotas-by-party-' in response.headers["Content-Disposition"]


def test_htmx_gets_only_the_results(quotas: Quotas, as_user: Client) -> None:
    response = as_user(quotas.maria).get(
        "/reports/quotas?year=2025", headers={"HX-Request": "true"}
    )
    html = response.get_data(as_text=True)
    assert "<html" not in html and 'id="results"' in html
    assert page_table(html, "by-party")[1][4] == "273"


# --- The number of queries stays the same however many quotas there are ----------------------


def test_the_report_reads_a_bounded_number_of_queries(
    quotas: Quotas, as_user: Client, make_placement: Callable[..., Placement]
) -> None:
    client = as_user(quotas.maria)
    report(client)  # the first request loads what every request needs
    with counting_queries() as few:
        report(client)
    for n in range(6):
        placement = make_placement(
            S.ONGOING,
            reference=f"LUOVI-X{n}",
            start_on=d(2025, 4, 1),
            end_on=d(2025, 4, 30),
        )
        quota = _quota(quotas.parik, quotas.luovi, d(2025, 4, 1), d(2025, 6, 30), places=2)
        _place(quota, d(2025, 4, 1), d(2025, 4, 30), placement=placement)
        _place(quota, d(2025, 5, 1), d(2025, 5, 31))
    _db.session.commit()
    with counting_queries() as many:
        html = report(client)
    assert "8 quotas in all." in text_of(html)
    assert len(many) == len(few)
    assert 0 < len(few) <= 20, few
