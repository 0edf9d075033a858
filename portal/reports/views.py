"""The reports: the list, one report with its filters, and each table as CSV."""

from __future__ import annotations

from datetime import date

from flask import Response, abort, request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from portal.core.htmx import render
from portal.placements.labels import DIRECTION_LABELS
from portal.reports import charts, export
from portal.reports.blueprint import bp
from portal.reports.filters import Filters
from portal.reports.registry import ReportSection, get, sections_for
from portal.reports.tables import display


def _section(key: str) -> ReportSection:
    """The section, if it exists (404) and the user may read it (403)."""
    section = get(key)
    if section is None:
        abort(404)
    if not section.readable_by(current_user):
        abort(403)
    return section


def _filters(section: ReportSection) -> Filters:
    """The filters the section reads; the others are left out of its figures and links."""
    given = Filters.from_args(request.args)
    return Filters(
        year=given.year if "year" in section.filters else None,
        party_id=given.party_id if "party" in section.filters else None,
        direction=given.direction if "direction" in section.filters else None,
    )


@bp.get("/")
def index() -> ResponseReturnValue:
    sections = sections_for(current_user)
    if not sections:
        abort(403)
    return render("reports/index.html", sections=sections)


@bp.get("/<key>")
def report(key: str) -> ResponseReturnValue:
    section = _section(key)
    filters = _filters(section)
    return render(
        "reports/report.html",
        block="results",
        section=section,
        sections=sections_for(current_user),
        filters=filters,
        choices=section.choices_for(current_user),
        report=section.build(current_user, filters),
        draw=charts.draw,
        display=display,
        direction_labels=DIRECTION_LABELS,
    )


@bp.get("/<key>/<table_key>.csv")
def table_csv(key: str, table_key: str) -> ResponseReturnValue:
    section = _section(key)
    built = section.build(current_user, _filters(section))
    table = built.table(table_key)
    if table is None:
        abort(404)
    filename = f"silta-{section.key}-{table.key}-{date.today().isoformat()}.csv"
    return Response(
        export.table_csv(table),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )
