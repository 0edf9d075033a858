"""Reports on placements: by direction, status, party and year; outcomes of workshop periods;
qualification units completed per party.

Every figure counts the placements of :func:`portal.reports.policy.counted_placements`
(the user's party's placements, all of them for the administrator; never drafts), narrowed
by the filters. Only counts and shares leave this module.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from portal.auth.models import User
from portal.extensions import db
from portal.parties.models import Party
from portal.placements.labels import DIRECTION_LABELS, NEXT_STEP_LABELS, STATUS_LABELS
from portal.placements.models import (
    Direction,
    NextStep,
    Placement,
    PlacementQualificationUnit,
    PlacementStatus,
)
from portal.reports.filters import PARTY, YEAR, Filters
from portal.reports.policy import counted_placements
from portal.reports.registry import ReportSection, register
from portal.reports.tables import Chart, Column, Kind, Report, Row, Table, display, share

S = PlacementStatus
# The states of a sent placement, in the order of the workflow.
SENT_STATES = [s for s in PlacementStatus if s != S.DRAFT]
# Next steps that the partners count as success: the individual went on to studies or work.
SUCCESS = (NextStep.STUDIES, NextStep.WORK)


@dataclass(frozen=True)
class Counted:
    """What the reports read of one placement: no reference, no name."""

    id: int
    direction: Direction
    status: PlacementStatus
    sender_party_id: int
    receiver_party_id: int
    start_on: date
    ended_on: date | None
    next_step: NextStep | None

    @property
    def party_ids(self) -> tuple[int, int]:
        return (self.sender_party_id, self.receiver_party_id)

    @property
    def workshop_id(self) -> int:
        to_studies = self.direction == Direction.TO_STUDIES
        return self.sender_party_id if to_studies else self.receiver_party_id


def _in_year(column: Any, year: int | None) -> sa.ColumnElement[bool]:
    if year is None:
        return sa.true()
    return sa.and_(column >= date(year, 1, 1), column <= date(year, 12, 31))


def counted(user: User, filters: Filters, *conditions: sa.ColumnElement[bool]) -> list[Counted]:
    """The user's counted placements that match the filters (year as the caller says)."""
    stmt = (
        sa.select(
            Placement.id,
            Placement.direction,
            Placement.status,
            Placement.sender_party_id,
            Placement.receiver_party_id,
            Placement.start_on,
            Placement.ended_on,
            Placement.next_step,
        )
        .where(counted_placements(user), filters.involving_party(), *conditions)
        .order_by(Placement.id)
    )
    return [Counted(*row) for row in db.session.execute(stmt)]


def party_names(ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(db.session.execute(sa.select(Party.id, Party.name).where(Party.id.in_(ids))).all())


def _direction_columns(first: Column) -> list[Column]:
    return [
        first,
        Column("to_studies", str(DIRECTION_LABELS[Direction.TO_STUDIES]), Kind.COUNT),
        Column("to_workshop", str(DIRECTION_LABELS[Direction.TO_WORKSHOP]), Kind.COUNT),
        Column("total", _("Total"), Kind.COUNT),
    ]


def _by_direction(label: Any, found: list[Counted]) -> Row:
    studies = sum(1 for p in found if p.direction == Direction.TO_STUDIES)
    return [label, studies, len(found) - studies, len(found)]


# --- Placements by direction, status, party and year ----------------------------------------


def placements_report(user: User, filters: Filters) -> Report:
    found = counted(
        user, filters, filters.of_direction(), _in_year(Placement.start_on, filters.year)
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
    names = party_names({pid for p in found for pid in p.party_ids})
    by_party = Table(
        "by-party",
        _("By party"),
        _direction_columns(Column("party", _("Party"))),
        sorted(
            (
                _by_direction(name, [p for p in found if pid in p.party_ids])
                for pid, name in names.items()
            ),
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


def _outcome_row(label: Any, found: list[Counted]) -> Row:
    steps = Counter(p.next_step for p in found)
    studies, work = steps[NextStep.STUDIES], steps[NextStep.WORK]
    return [label, len(found), studies, work, studies + work, share(studies + work, len(found))]


def outcomes_report(user: User, filters: Filters) -> Report:
    periods = counted(
        user,
        filters,
        Placement.direction == Direction.TO_WORKSHOP,
        Placement.status.in_([S.COMPLETED, S.INTERRUPTED]),
        _in_year(Placement.ended_on, filters.year),
    )
    completed = [p for p in periods if p.status == S.COMPLETED]
    interrupted = len(periods) - len(completed)
    steps = Counter(p.next_step or NextStep.UNKNOWN for p in completed)
    next_steps = Table(
        "next-steps",
        _("Next step after a completed period"),
        [
            Column("next_step", _("Next step")),
            Column("periods", _("Periods"), Kind.COUNT),
            Column("share", _("Share"), Kind.SHARE),
        ],
        [
            [str(NEXT_STEP_LABELS[step]), steps[step], share(steps[step], len(completed))]
            for step in NextStep
        ],
        total=[_("Total"), len(completed), share(len(completed), len(completed))],
    )
    names = party_names({p.workshop_id for p in completed})
    by_workshop = Table(
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
            (
                _outcome_row(name, [p for p in completed if p.workshop_id == pid])
                for pid, name in names.items()
            ),
            key=lambda row: row[0],
        ),
        total=_outcome_row(_("Total"), completed),
    )
    success = sum(1 for p in completed if p.next_step in SUCCESS)
    summary = [
        _(
            "Studies or work after %(success)d of %(completed)d completed workshop periods: "
            "%(share)s.",
            success=success,
            completed=len(completed),
            share=display(share(success, len(completed)), Kind.SHARE),
        )
    ]
    if interrupted:
        summary.append(_("Interrupted periods, not counted above: %(count)d.", count=interrupted))
    return Report(
        tables=[next_steps, by_workshop],
        charts=[
            Chart(next_steps, ["periods"], "next_step", _("Completed periods by next step")),
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
        _in_year(Placement.ended_on, filters.year),
    )
    units = _units_completed([p.id for p in completed])
    names = party_names({pid for p in completed for pid in p.party_ids})

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
            (
                row(name, [p for p in completed if pid in p.party_ids])
                for pid, name in names.items()
            ),
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
