"""Competence certificates issued, and what the education providers recognised of them in
the students' HOKS, per party and year of issue: counts only, never a certificate's contents.

A certificate counts, like a placement, for both parties of its placement, through the same
scope as the placements' figures (:func:`portal.reports.policy.counted_placements`).
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.auth.models import User
from portal.reports.certificate_counts import CertificateCounts, certificate_counts
from portal.reports.counting import party_names
from portal.reports.filters import Filters
from portal.reports.registry import ReportSection, register
from portal.reports.tables import Chart, Column, Kind, Report, Table


def _by_party_and_year(counts: CertificateCounts) -> Table:
    groups, total = counts.groups, counts.total
    names = party_names({party_id for party_id, _year in groups})
    return Table(
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


def certificates_report(user: User, filters: Filters) -> Report:
    counts = certificate_counts(user, filters)
    total = counts.total
    table = _by_party_and_year(counts)
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
                recognised=total.recognised,
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
