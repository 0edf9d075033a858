"""Counting competence certificates on their own: the units of three certificates written out
by hand, their figures counted by hand."""

from __future__ import annotations

from datetime import date

from portal.certificates.models import Recognition
from portal.reports.certificate_counts import Certified, count

R = Recognition
PARIK, KOTKA, LUOVI = 1, 2, 3
MAY_2024, MAY_2025 = date(2024, 5, 31), date(2025, 5, 30)

FOUND = [
    # Certificate 1 (Luovi's student at Parik, 2024): two units, one recognised, one partly.
    Certified(1, MAY_2024, LUOVI, PARIK, R.RECOGNISED),
    Certified(1, MAY_2024, LUOVI, PARIK, R.PARTLY),
    # Certificate 2 (the same parties, 2025): one unit not yet recorded.
    Certified(2, MAY_2025, LUOVI, PARIK, None),
    # Certificate 3 (Luovi's student at Kotka, 2025): one unit not recognised.
    Certified(3, MAY_2025, LUOVI, KOTKA, R.NOT_RECOGNISED),
]


def test_each_party_and_year_counts_its_certificates_and_their_units() -> None:
    groups = count(FOUND).groups
    assert {key: tally.cells() for key, tally in groups.items()} == {
        (LUOVI, 2024): [1, 2, 1, 1, 0, 0],
        (PARIK, 2024): [1, 2, 1, 1, 0, 0],
        (LUOVI, 2025): [2, 2, 0, 0, 1, 1],
        (PARIK, 2025): [1, 1, 0, 0, 0, 1],
        (KOTKA, 2025): [1, 1, 0, 0, 1, 0],
    }


def test_the_total_counts_every_certificate_once() -> None:
    total = count(FOUND).total
    # Three certificates, four units: recognised 1, partly 1, not 1, not yet recorded 1.
    assert total.cells() == [3, 4, 1, 1, 1, 1]
    assert total.recognised == 1
    assert count([]).total.cells() == [0, 0, 0, 0, 0, 0] and count([]).groups == {}
