"""Reports on placements: by direction, status, party and year; outcomes of workshop periods.

Every figure counts the placements of :func:`portal.reports.policy.counted_placements`
(the user's party's placements, all of them for the administrator; never drafts), narrowed
by the filters. Only counts and shares leave this module.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from portal.auth.models import User
from portal.placements.labels import DIRECTION_LABELS, NEXT_STEP_LABELS, STATUS_LABELS
from portal.placements.models import Direction, NextStep, Placement, PlacementStatus
from portal.reports.counting import (
    Counted,
    Outcome,
    Outcomes,
    by_direction,
    counted,
    ended_workshop_periods,
    in_year,
    outcomes,
    party_names,
    per_party,
)
from portal.reports.filters import PARTY, YEAR, Filters
from portal.reports.registry import ReportSection, register
from portal.reports.tables import Chart, Column, Kind, Report, Row, Table, display, share

S = PlacementStatus
# The states of a sent placement, in the order of the workflow.
SENT_STATES = [s for s in PlacementStatus if s != S.DRAFT]


def _direction_columns(first: Column) -> list[Column]:
    return [
        first,
        Column("to_studies", str(DIRECTION_LABELS[Direction.TO_STUDIES]), Kind.COUNT),
        Column("to_workshop", str(DIRECTION_LABELS[Direction.TO_WORKSHOP]), Kind.COUNT),
        Column("total", _("Total"), Kind.COUNT),
    ]


def _by_direction(label: Any, found: list[Counted]) -> Row:
    return [label, *by_direction(found)]


# --- Placements by direction, status, party and year ----------------------------------------


def placements_report(user: User, filters: Filters) -> Report:
    found = counted(
        user, filters, filters.of_direction(), in_year(Placement.start_on, filters.year)
    )
    by_status = Table(
        "by-status",
        _("By status"),
        _direction_columns(Column("status", _("Status"))),
        [
            _by_direction(str(STATUS_LABELS[s]), [p for p in found if p.status == s])
            for s in SENT_STATES
        ],
        total=_by_direction(_("Total"), found),
    )
    years = sorted({p.start_on.year for p in found})
    by_year = Table(
        "by-year",
        _("By year of start"),
        _direction_columns(Column("year", _("Year"), Kind.YEAR)),
        [_by_direction(y, [p for p in found if p.start_on.year == y]) for y in years],
        total=_by_direction(_("Total"), found),
    )
    parties = per_party(found)
    names = party_names(set(parties))
    by_party = Table(
        "by-party",
        _("By party"),
        _direction_columns(Column("party", _("Party"))),
        sorted(
            (_by_direction(names[pid], of_party) for pid, of_party in parties.items()),
            key=lambda row: row[0],
        ),
        note=_("A placement counts for both of its parties: the rows add up to twice the total."),
    )
    return Report(
        tables=[by_status, by_year, by_party],
        charts=[
            Chart(by_status, ["to_studies", "to_workshop"], "status", _("Placements by status")),
            Chart(by_year, ["to_studies", "to_workshop"], "year", _("Placements by year of start")),
            Chart(by_party, ["total"], "party", _("Placements by party")),
        ],
        summary=[ngettext("%(num)d placement in all.", "%(num)d placements in all.", len(found))],
        definitions=[
            _(
                "Placements that have been sent to the other party, in both directions; drafts "
                "are not counted. The year is the year of the (planned) start."
            ),
        ],
    )


# --- Outcomes of workshop periods -----------------------------------------------------------


def _outcome_row(label: Any, figures: Outcome) -> Row:
    return [
        label,
        figures.periods,
        figures.studies,
        figures.work,
        figures.success,
        share(figures.success, figures.periods),
    ]


def _by_next_step(counts: Outcomes) -> Table:
    steps, completed = counts.next_steps, counts.completed.periods
    return Table(
        "next-steps",
        _("Next step after a completed period"),
        [
            Column("next_step", _("Next step")),
            Column("periods", _("Periods"), Kind.COUNT),
            Column("share", _("Share"), Kind.SHARE),
        ],
        [
            [str(NEXT_STEP_LABELS[step]), steps[step], share(steps[step], completed)]
            for step in NextStep
        ],
        total=[_("Total"), completed, share(completed, completed)],
    )


def _by_workshop(counts: Outcomes) -> Table:
    names = party_names(set(counts.workshops))
    return Table(
        "by-workshop",
        _("By workshop"),
        [
            Column("workshop", _("Workshop")),
            Column("completed", _("Completed periods"), Kind.COUNT),
            Column("studies", str(NEXT_STEP_LABELS[NextStep.STUDIES]), Kind.COUNT),
            Column("work", str(NEXT_STEP_LABELS[NextStep.WORK]), Kind.COUNT),
            Column("success", _("Studies or work"), Kind.COUNT),
            Column("share", _("Share in studies or work"), Kind.SHARE),
        ],
        sorted(
            (_outcome_row(names[pid], of) for pid, of in counts.workshops.items()),
            key=lambda row: row[0],
        ),
        total=_outcome_row(_("Total"), counts.completed),
    )


def outcomes_report(user: User, filters: Filters) -> Report:
    counts = outcomes(ended_workshop_periods(user, filters))
    by_next_step = _by_next_step(counts)
    by_workshop = _by_workshop(counts)
    figures, interrupted = counts.completed, counts.interrupted
    summary = [
        _(
            "Studies or work after %(success)d of %(completed)d completed workshop periods: "
            "%(share)s.",
            success=figures.success,
            completed=figures.periods,
            share=display(share(figures.success, figures.periods), Kind.SHARE),
        )
    ]
    if interrupted:
        summary.append(_("Interrupted periods, not counted above: %(count)d.", count=interrupted))
    return Report(
        tables=[by_next_step, by_workshop],
        charts=[
            Chart(by_next_step, ["periods"], "next_step", _("Completed periods by next step")),
            Chart(by_workshop, ["share"], "workshop", _("Share in studies or work by workshop")),
        ],
        summary=summary,
        definitions=[
            _(
                "Workshop periods (student → workshop) that were completed: their status is "
                "Completed. Interrupted periods are left out. The next step is the one recorded "
                "at completion; studies or work counts the next steps Studies and Work. The "
                "share is their number divided by the number of completed periods."
            ),
            _("The year is the year in which the period ended."),
        ],
    )


# --- Qualification units completed per party ------------------------------------------------


register(
    ReportSection(
        "placements",
        _l("Placements"),
        _l("Placements by direction, status, party and year of start."),
        10,
        placements_report,
        year_label=_l("Year of start"),
    )
)
register(
    ReportSection(
        "outcomes",
        _l("Outcomes"),
        _l("The share of completed workshop periods that were followed by studies or work."),
        20,
        outcomes_report,
        filters=frozenset({YEAR, PARTY}),
        year_label=_l("Year of end"),
    )
)
