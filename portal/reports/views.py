"""The reports: the list, one report with its filters, and each table as CSV."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from flask import Response, abort, request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from portal.core.dates import today
from portal.core.htmx import render
from portal.core.pagination import paginate_rows
from portal.placements.labels import DIRECTION_LABELS
from portal.reports import charts, export
from portal.reports.blueprint import bp
from portal.reports.filters import Choices, Filters
from portal.reports.registry import ReportSection, get, sections_for
from portal.reports.tables import Report, display


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


def _paged(report: Report) -> dict[str, Any]:
    """The report with a page of each table's rows (``?<table>-page=``) and its chart drawn
    from that page, with the pager of each; the totals and the CSV files keep every row."""
    pages = {t.key: paginate_rows(t.rows, f"{t.key}-page") for t in report.tables}
    tables = {t.key: replace(t, rows=pages[t.key].items) for t in report.tables}
    charts = [replace(c, table=tables[c.table.key]) for c in report.charts]
    shown = replace(report, tables=list(tables.values()), charts=charts)
    return {"report": shown, "pages": pages}


def _years(choices: Choices, filters: Filters) -> list[int]:
    """The years offered: those of the figures, and always the current and the chosen one."""
    offered = {*choices.years, today().year}
    if filters.year is not None:
        offered.add(filters.year)
    return sorted(offered, reverse=True)


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
    choices = section.choices_for(current_user)
    return render(
        "reports/report.html",
        block="results",
        section=section,
        sections=sections_for(current_user),
        filters=filters,
        choices=choices,
        years=_years(choices, filters),
        **_paged(section.build(current_user, filters)),
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
    filename = f"silta-{section.key}-{table.key}-{today().isoformat()}.csv"
    return Response(
        export.table_csv(table),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )
