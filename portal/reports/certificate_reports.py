"""Competence certificates issued, and what the education providers recognised of them in
the students' HOKS, per party and year of issue: counts only, never a certificate's contents.

A certificate counts, like a placement, for both parties of its placement, through the same
scope as the placements' figures (:func:`portal.reports.policy.counted_placements`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.auth.models import User
from portal.certificates.models import Certificate, CertificateUnit, Recognition
from portal.extensions import db
from portal.placements.models import Placement
from portal.reports.counting import in_year, party_names
from portal.reports.filters import Filters
from portal.reports.policy import counted_placements
from portal.reports.registry import ReportSection, register
from portal.reports.tables import Chart, Column, Kind, Report, Row, Table


@dataclass
class Tally:
    certificates: set[int] = field(default_factory=set)
    units: int = 0
    by_recognition: dict[Recognition | None, int] = field(default_factory=dict)

    def add(self, certificate_id: int, recognition: Recognition | None) -> None:
        self.certificates.add(certificate_id)
        self.units += 1
        self.by_recognition[recognition] = self.by_recognition.get(recognition, 0) + 1

    def cells(self) -> Row:
        counts = self.by_recognition
        return [
            len(self.certificates),
            self.units,
            counts.get(Recognition.RECOGNISED, 0),
            counts.get(Recognition.PARTLY, 0),
            counts.get(Recognition.NOT_RECOGNISED, 0),
            counts.get(None, 0),
        ]


def certificates_report(user: User, filters: Filters) -> Report:
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
    groups: dict[tuple[int, int], Tally] = {}
    total = Tally()
    for row in rows:
        total.add(row.id, row.recognition)
        for party_id in (row.sender_party_id, row.receiver_party_id):
            groups.setdefault((party_id, row.issued_on.year), Tally()).add(row.id, row.recognition)
    names = party_names({party_id for party_id, _year in groups})
    table = Table(
        "by-party-and-year",
        _("Competence certificates by party and year of issue"),
        [
            Column("party", _("Party")),
            Column("year", _("Year"), Kind.YEAR),
            Column("certificates", _("Certificates issued"), Kind.COUNT),
            Column("units", _("Qualification units certified"), Kind.COUNT),
            Column("recognised", _("Recognised"), Kind.COUNT),
            Column("partly", _("Partly recognised"), Kind.COUNT),
            Column("not_recognised", _("Not recognised"), Kind.COUNT),
            Column("unrecorded", _("Recognition not yet recorded"), Kind.COUNT),
        ],
        sorted(
            ([names[pid], year, *tally.cells()] for (pid, year), tally in groups.items()),
            key=lambda r: (r[0], r[1]),
        ),
        total=[_("All certificates, each once"), "", *total.cells()],
        note=_("A certificate counts for both parties of its placement."),
    )
    return Report(
        tables=[table],
        charts=[
            Chart(table, ["units", "recognised"], "party", _("Units certified and recognised"))
        ],
        summary=[
            _(
                "Certificates issued: %(certificates)d, certifying %(units)d qualification "
                "units, of which the education provider recognised %(recognised)d in the HOKS.",
                certificates=len(total.certificates),
                units=total.units,
                recognised=total.by_recognition.get(Recognition.RECOGNISED, 0),
            )
        ],
        definitions=[
            _(
                "A competence certificate issued by the workshop, counted in the year of its "
                "issue, with each qualification unit it certifies and what the education "
                "provider recorded of it: recognised in the HOKS, partly, not, or not yet "
                "recorded."
            )
        ],
    )


register(
    ReportSection(
        "certificates",
        _l("Competence certificates"),
        _l("Competence certificates issued and what was recognised of them, per party and year."),
        32,
        certificates_report,
        year_label=_l("Year of issue"),
    )
)
