"""Qualification units completed per party, for the partners' performance-funding discussion."""

from __future__ import annotations

from collections import Counter

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.auth.models import User
from portal.extensions import db
from portal.placements.models import Placement, PlacementQualificationUnit, PlacementStatus
from portal.reports.counting import Counted, counted, in_year, party_names, per_party
from portal.reports.filters import Filters
from portal.reports.registry import ReportSection, register
from portal.reports.tables import Chart, Column, Kind, Report, Row, Table

S = PlacementStatus


def _units_completed(ids: list[int]) -> Counter[int]:
    if not ids:
        return Counter()
    stmt = (
        sa.select(PlacementQualificationUnit.placement_id, sa.func.count())
        .where(
            PlacementQualificationUnit.placement_id.in_(ids),
            PlacementQualificationUnit.completed.is_(True),
        )
        .group_by(PlacementQualificationUnit.placement_id)
    )
    return Counter({placement_id: count for placement_id, count in db.session.execute(stmt)})


def units_report(user: User, filters: Filters) -> Report:
    completed = counted(
        user,
        filters,
        filters.of_direction(),
        Placement.status == S.COMPLETED,
        in_year(Placement.ended_on, filters.year),
    )
    units = _units_completed([p.id for p in completed])
    parties = per_party(completed)
    names = party_names(set(parties))

    def row(label: str, found: list[Counted]) -> Row:
        return [label, len(found), sum(units[p.id] for p in found)]

    table = Table(
        "by-party",
        _("Qualification units completed, by party"),
        [
            Column("party", _("Party")),
            Column("placements", _("Completed placements"), Kind.COUNT),
            Column("units", _("Qualification units completed"), Kind.COUNT),
        ],
        sorted(
            (row(names[pid], of_party) for pid, of_party in parties.items()),
            key=lambda r: r[0],
        ),
        total=row(_("All placements, each once"), completed),
        note=_("A placement counts for both of its parties, the workshop and the provider."),
    )
    return Report(
        tables=[table],
        charts=[Chart(table, ["units"], "party", _("Qualification units completed, by party"))],
        summary=[
            _(
                "Completed placements: %(placements)d. Qualification units completed in them: "
                "%(units)d.",
                placements=len(completed),
                units=sum(units[p.id] for p in completed),
            )
        ],
        definitions=[
            _(
                "Qualification units marked completed when a placement was completed, in both "
                "directions unless a direction is chosen. Interrupted placements record no "
                "completed units. The year is the year in which the placement ended."
            ),
        ],
    )


register(
    ReportSection(
        "qualification-units",
        _l("Qualification units"),
        _l("Qualification units completed per party, for the performance-funding discussion."),
        30,
        units_report,
        year_label=_l("Year of end"),
    )
)
