"""The invoice basis as a CSV file Finnish Excel opens and as a PDF for the invoice, read back."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from flask.testing import FlaskClient
from pypdf import PdfReader

from portal.auth.models import User
from portal.placements.models import Placement, PlacementInstalment
from tests.people import People
from tests.test_invoicing.test_pages import url

Login = Callable[[User], FlaskClient]


def test_the_csv_has_a_bom_semicolons_and_decimal_commas(
    people: People, closed: Placement, login: Login
) -> None:
    response = login(people.provider_staff).get(url(people, ".csv"))
    assert response.status_code == 200 and response.mimetype == "text/csv"
    data = response.get_data()
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Tunniste" and rows[0][6] == "Summa (€)"
    assert rows[1] == [
        "LUOVI-2024-077",
        "Tukipäivät",
        "2024-12-02",
        "2024-12-13",
        "9",
        "50,00",
        "450,00",
        "ei",
    ]
    assert rows[-1][0] == "Yhteensä" and rows[-1][4] == "9" and rows[-1][6] == "450,00"
    assert closed.initials not in data.decode("utf-8-sig")


def test_the_pdf_reads_back_with_the_lines_and_the_total(
    people: People, closed: Placement, login: Login
) -> None:
    response = login(people.workshop_coordinator).get(url(people, ".pdf"))
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.get_data()))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Laskutusperuste" in text and "Parik-säätiö" in text and "Ammattiopisto Luovi" in text
    assert "LUOVI-2024-077" in text and "450,00" in text
    assert "Alustava" not in text
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("DejaVuSans" in name for name in fonts)


def test_a_provisional_pdf_says_so(people: People, period: Placement, login: Login) -> None:
    response = login(people.workshop_coordinator).get(url(people, ".pdf"))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.get_data())).pages)
    assert "Alustava" in text


def test_instalments_and_bonuses_are_lines_of_the_page_the_csv_and_the_pdf(
    people: People, closed: Placement, login: Login, db: Any
) -> None:
    closed.bonus_amount, closed.bonus_last_day = Decimal("300.00"), date(2025, 6, 30)
    closed.instalments = [
        PlacementInstalment(position=0, due_on=date(2024, 12, 20), amount=Decimal("1000.00"))
    ]
    closed.units[0].completed, closed.units[0].completed_on = True, date(2024, 12, 10)
    db.session.commit()
    client = login(people.provider_coordinator)
    page = client.get(url(people)).get_data(as_text=True)
    assert "pakettierät" in page and "tulospalkkiot" in page
    total = re.search(r'id="total">([^<]*)<', page)
    # The days (450,00), the instalment and the bonus.
    assert total and total.group(1).replace("\xa0", " ").replace("\u202f", " ") == "1 750,00 €"
    data = client.get(url(people, ".csv")).get_data().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(data), delimiter=";"))
    assert [
        "LUOVI-2024-077",
        "Pakettierä",
        "2024-12-20",
        "2024-12-20",
        "",
        "",
        "1000,00",
        "",
    ] in rows
    assert rows[-1][6] == "1750,00"
    pdf = client.get(url(people, ".pdf")).get_data()
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Pakettierä" in text and "Tulospalkkio" in text


def test_a_party_name_with_markup_characters_is_printed_as_written(
    db: Any, people: People, closed: Placement, login: Login
) -> None:
    people.workshop.name = "Paja <Aalto> & Co"
    db.session.commit()
    response = login(people.workshop_coordinator).get(url(people, ".pdf"))
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.get_data()))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Paja <Aalto> & Co" in text
