"""The competence certificates' figures for the reports, counted apart from their layout
(:mod:`portal.reports.certificate_reports` lays them out): certificates issued and units
certified per party and year of issue, and what the education providers recognised of them.

A certificate counts, like a placement, for both parties of its placement, through the same
scope as the placements' figures (:func:`portal.reports.policy.counted_placements`).
:func:`count` counts the certified units read (:func:`certified`), so it is tested with
figures counted by hand.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa

from portal.auth.models import User
from portal.certificates.models import Certificate, CertificateUnit, Recognition
from portal.extensions import db
from portal.placements.models import Placement
from portal.reports.counting import in_year
from portal.reports.filters import Filters
from portal.reports.policy import counted_placements
from portal.reports.tables import Row


@dataclass(frozen=True)
class Certified:
    """One qualification unit a certificate certifies: no contents, only what is counted."""

    id: int  # the certificate's
    issued_on: date
    sender_party_id: int
    receiver_party_id: int
    recognition: Recognition | None


@dataclass
class Tally:
    certificates: set[int] = field(default_factory=set)
    units: int = 0
    by_recognition: dict[Recognition | None, int] = field(default_factory=dict)

    def add(self, certificate_id: int, recognition: Recognition | None) -> None:
        self.certificates.add(certificate_id)
        self.units += 1
        self.by_recognition[recognition] = self.by_recognition.get(recognition, 0) + 1

    @property
    def recognised(self) -> int:
        return self.by_recognition.get(Recognition.RECOGNISED, 0)

    def cells(self) -> Row:
        """Certificates, units, recognised, partly, not recognised, not yet recorded."""
        counts = self.by_recognition
        return [
            len(self.certificates),
            self.units,
            counts.get(Recognition.RECOGNISED, 0),
            counts.get(Recognition.PARTLY, 0),
            counts.get(Recognition.NOT_RECOGNISED, 0),
            counts.get(None, 0),
        ]


@dataclass(frozen=True)
class CertificateCounts:
    # Each party and year of issue: a certificate counts for both parties of its placement.
    groups: dict[tuple[int, int], Tally]
    # Every certificate once.
    total: Tally


def count(found: Iterable[Certified]) -> CertificateCounts:
    groups: dict[tuple[int, int], Tally] = {}
    total = Tally()
    for row in found:
        total.add(row.id, row.recognition)
        for party_id in (row.sender_party_id, row.receiver_party_id):
            groups.setdefault((party_id, row.issued_on.year), Tally()).add(row.id, row.recognition)
    return CertificateCounts(groups, total)


def certified(user: User, filters: Filters) -> list[Certified]:
    """The units certified by the certificates of the user's counted placements."""
    rows = db.session.execute(
        sa.select(
            Certificate.id,
            Certificate.issued_on,
            Placement.sender_party_id,
            Placement.receiver_party_id,
            CertificateUnit.recognition,
        )
        .join(Placement, Placement.id == Certificate.placement_id)
        .join(CertificateUnit, CertificateUnit.certificate_id == Certificate.id)
        .where(
            counted_placements(user),
            filters.involving_party(),
            filters.of_direction(),
            in_year(Certificate.issued_on, filters.year),
        )
    )
    return [Certified(*row) for row in rows]


def certificate_counts(user: User, filters: Filters) -> CertificateCounts:
    return count(certified(user, filters))
