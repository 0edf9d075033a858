"""Qualification units completed per party, for the partners' performance-funding discussion:
as marked when placements were completed (by the year they ended), and as the provider
recorded each unit completed with its date — during the period or after it — per party and
year of completion, with the result bonuses that fell due for them."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.auth.models import User
from portal.extensions import db
from portal.placements.models import Placement, PlacementQualificationUnit, PlacementStatus
from portal.reports.counting import Counted, counted, in_year, party_names, per_party
from portal.reports.filters import Filters
from portal.reports.policy import counted_placements
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


@dataclass(frozen=True)
class Completion:
    """One unit recorded completed: when, on which parties' placement, and its bonus."""

    year: int
    party_ids: tuple[int, int]
    bonus: Decimal | None


def _completions(user: User, filters: Filters) -> list[Completion]:
    unit = PlacementQualificationUnit
    rows = db.session.execute(
        sa.select(
            unit.completed_on,
            Placement.sender_party_id,
            Placement.receiver_party_id,
            Placement.started_on,
            Placement.start_on,
            Placement.bonus_amount,
            Placement.bonus_last_day,
        )
        .join(Placement, Placement.id == unit.placement_id)
        .where(
            counted_placements(user),
            filters.involving_party(),
            filters.of_direction(),
            unit.completed_on.is_not(None),
            in_year(unit.completed_on, filters.year),
        )
    )
    found = []
    for row in rows:
        # The result bonus's rule, as portal.placements.results has it: completed from the
        # start of the period up to the bonus's last day.
        start = row.started_on or row.start_on
        due = (
            row.bonus_amount is not None
            and row.bonus_last_day is not None
            and start <= row.completed_on <= row.bonus_last_day
        )
        found.append(
            Completion(
                row.completed_on.year,
                (row.sender_party_id, row.receiver_party_id),
                Decimal(row.bonus_amount) if due else None,
            )
        )
    return found


def _by_year(user: User, filters: Filters) -> Table:
    completions = _completions(user, filters)
    groups: dict[tuple[int, int], list[Completion]] = {}
    for completion in completions:
        for party_id in completion.party_ids:
            groups.setdefault((party_id, completion.year), []).append(completion)
    names = party_names({party_id for party_id, _year in groups})

    def cells(found: list[Completion]) -> list[Any]:
        bonuses = [c.bonus for c in found if c.bonus is not None]
        return [len(found), len(bonuses), sum(bonuses, Decimal("0.00"))]

    return Table(
        "by-party-and-year",
        _("Qualification units recorded completed, by party and year"),
        [
            Column("party", _("Party")),
            Column("year", _("Year"), Kind.YEAR),
            Column("units", _("Qualification units completed"), Kind.COUNT),
            Column("bonus_units", _("Of them with a result bonus"), Kind.COUNT),
            Column("bonuses", _("Result bonuses"), Kind.MONEY),
        ],
        sorted(
            ([names[pid], year, *cells(found)] for (pid, year), found in groups.items()),
            key=lambda r: (r[0], r[1]),
        ),
        total=[_("All units, each once"), "", *cells(completions)],
        note=_(
            "A unit counts in the year the education provider recorded it completed, during "
            "the period or after it, and for both parties of its placement."
        ),
    )


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
        tables=[table, _by_year(user, filters)],
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
