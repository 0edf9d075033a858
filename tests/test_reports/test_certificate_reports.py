"""Competence certificates issued and recognised, per party and year of issue: the demo's
certificate counts for Parik and Luovi, for their coordinators; another party counts none."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from flask.testing import FlaskClient

from portal.auth.models import User
from portal.certificates.models import Certificate, Recognition

Login = Callable[[User], FlaskClient]


def _person(db: Any, email: str) -> User:
    return db.session.scalars(sa.select(User).where(User.email == email)).one()


def test_certificates_issued_and_recognised_per_party_and_year(
    runner: Any, db: Any, login: Login
) -> None:
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    certificate = db.session.scalars(sa.select(Certificate)).one()
    year = str(certificate.issued_on.year)
    recognised = sum(u.recognition == Recognition.RECOGNISED for u in certificate.units)
    partly = sum(u.recognition == Recognition.PARTLY for u in certificate.units)
    units = str(len(certificate.units))
    client = login(_person(db, "paivi.korhonen@luovi.example"))
    response = client.get(f"/reports/certificates/by-party-and-year.csv?year={year}")
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig")), delimiter=";"))
    figures = ["1", units, str(recognised), str(partly), "0", "0"]
    assert ["Ammattiopisto Luovi", year, *figures] in rows
    assert rows[-1] == ["Kaikki todistukset, kukin kerran", "", *figures]
    assert "Hitsaustyöt" not in response.get_data(as_text=True)  # counts, never contents
    timo = login(_person(db, "timo.saarinen@kouvola.example"))
    other = timo.get(f"/reports/certificates/by-party-and-year.csv?year={year}")
    assert other.status_code in (200, 403)
    if other.status_code == 200:
        assert len(list(csv.reader(io.StringIO(other.get_data().decode("utf-8-sig"))))) == 2
