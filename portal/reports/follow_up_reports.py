"""The follow-up report: of the placements that ended, the share in studies or work at the
end, 3 months and 6 months later, per party, year and direction, against the partners'
target of at least half (DESIGN §2.7).

Every figure counts the placements of :func:`portal.reports.policy.counted_placements`,
narrowed by the filters, that were completed or interrupted. Only counts and shares leave
this module.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.auth.models import User
from portal.extensions import db
from portal.follow_up.enums import Checkpoint
from portal.follow_up.models import FollowUp
from portal.placements.enums import Direction, NextStep, PlacementStatus
from portal.placements.labels import DIRECTION_LABELS
from portal.placements.models import Placement
from portal.reports.counting import in_year, party_names
from portal.reports.filters import Filters
from portal.reports.policy import counted_placements
from portal.reports.registry import ReportSection, register
from portal.reports.tables import Chart, Column, Kind, Report, Row, Table, display, share

# The partners' target: at least half in studies or work (001).
TARGET = 0.5
SUCCESS = (NextStep.STUDIES, NextStep.WORK)
LATER = (Checkpoint.MONTHS_3, Checkpoint.MONTHS_6)


@dataclass
class Ended:
    """What the report reads of one placement that ended: no reference, no name."""

    direction: Direction
    sender_party_id: int
    receiver_party_id: int
    ended_on: date
    at_end: NextStep | None
    # The answers given 3 and 6 months later.
    later: dict[Checkpoint, NextStep] = field(default_factory=dict)


def ended_placements(user: User, filters: Filters) -> list[Ended]:
    """The counted placements that ended in the chosen year, with their follow-ups' answers:
    one statement."""
    stmt = (
        sa.select(
            Placement.id,
            Placement.direction,
            Placement.sender_party_id,
            Placement.receiver_party_id,
            Placement.ended_on,
            Placement.next_step,
            FollowUp.checkpoint,
            FollowUp.situation,
        )
        .outerjoin(
            FollowUp,
            sa.and_(
                FollowUp.placement_id == Placement.id,
                FollowUp.checkpoint.in_(LATER),
                FollowUp.answered_at.is_not(None),
            ),
        )
        .where(
            counted_placements(user),
            filters.involving_party(),
            filters.of_direction(),
            Placement.status.in_([PlacementStatus.COMPLETED, PlacementStatus.INTERRUPTED]),
            Placement.ended_on.is_not(None),
            in_year(Placement.ended_on, filters.year),
        )
        .order_by(Placement.id)
    )
    found: dict[int, Ended] = {}
    for (
        pid,
        direction,
        sender,
        receiver,
        ended_on,
        at_end,
        checkpoint,
        situation,
    ) in db.session.execute(stmt):
        assert ended_on is not None  # the WHERE says so
        row = found.setdefault(pid, Ended(direction, sender, receiver, ended_on, at_end))
        if checkpoint is not None and situation is not None:
            row.later[checkpoint] = situation
    return list(found.values())


@dataclass(frozen=True)
class Shares:
    ended: int
    in_studies_or_work: int
    # Per later checkpoint: answered, and of them in studies or work.
    answered: dict[Checkpoint, int]
    succeeded: dict[Checkpoint, int]


def shares(found: list[Ended]) -> Shares:
    answered: dict[Checkpoint, int] = defaultdict(int)
    succeeded: dict[Checkpoint, int] = defaultdict(int)
    for p in found:
        for checkpoint, situation in p.later.items():
            answered[checkpoint] += 1
            succeeded[checkpoint] += situation in SUCCESS
    return Shares(
        len(found), sum(p.at_end in SUCCESS for p in found), dict(answered), dict(succeeded)
    )


def _columns(first: Column) -> list[Column]:
    return [
        first,
        Column("ended", _("Ended"), Kind.COUNT),
        Column("share_end", _("In studies or work at the end"), Kind.SHARE),
        Column("answered_3", _("Answered at 3 months"), Kind.COUNT),
        Column("share_3", _("In studies or work at 3 months"), Kind.SHARE),
        Column("answered_6", _("Answered at 6 months"), Kind.COUNT),
        Column("share_6", _("In studies or work at 6 months"), Kind.SHARE),
    ]


def _row(label: Any, found: list[Ended]) -> Row:
    s = shares(found)
    row: Row = [label, s.ended, share(s.in_studies_or_work, s.ended)]
    for checkpoint in LATER:
        answered = s.answered.get(checkpoint, 0)
        row += [answered, share(s.succeeded.get(checkpoint, 0), answered)]
    return row


def _chart(table: Table, label_key: str, title: str) -> Chart:
    return Chart(table, ["share_end", "share_3", "share_6"], label_key, title, target=TARGET)


def follow_up_report(user: User, filters: Filters) -> Report:
    found = ended_placements(user, filters)
    total = _row(_("Total"), found)
    parties: dict[int, list[Ended]] = defaultdict(list)
    for p in found:
        parties[p.sender_party_id].append(p)
        parties[p.receiver_party_id].append(p)
    names = party_names(set(parties))
    by_party = Table(
        "by-party",
        _("By party"),
        _columns(Column("party", _("Party"))),
        sorted((_row(names[pid], of) for pid, of in parties.items()), key=lambda r: r[0]),
        note=_("A placement counts for both of its parties."),
    )
    by_direction = Table(
        "by-direction",
        _("By direction"),
        _columns(Column("direction", _("Direction"))),
        [_row(str(DIRECTION_LABELS[d]), [p for p in found if p.direction == d]) for d in Direction],
        total=total,
    )
    years = sorted({p.ended_on.year for p in found})
    by_year = Table(
        "by-year",
        _("By year of end"),
        _columns(Column("year", _("Year"), Kind.YEAR)),
        [_row(y, [p for p in found if p.ended_on.year == y]) for y in years],
        total=total,
    )
    figures = shares(found)
    summary = [
        _(
            "In studies or work at the end: %(share)s of %(ended)d placements that ended; "
            "the target is at least %(target)s.",
            share=display(share(figures.in_studies_or_work, figures.ended), Kind.SHARE),
            ended=figures.ended,
            target=display(TARGET, Kind.SHARE),
        )
    ]
    return Report(
        tables=[by_party, by_direction, by_year],
        charts=[
            _chart(by_party, "party", _("In studies or work by party")),
            _chart(by_direction, "direction", _("In studies or work by direction")),
            _chart(by_year, "year", _("In studies or work by year of end")),
        ],
        summary=summary,
        definitions=[
            _(
                "Placements in both directions that were completed or interrupted. At the end "
                "counts the next step recorded when the placement ended; 3 and 6 months later "
                "count the follow-ups' answers. Studies or work counts the situations In "
                "studies and In work."
            ),
            _(
                "The share at the end is of the placements that ended; the share 3 or 6 months "
                "later is of the follow-ups answered by then, an answer 'Not known' included. "
                "The dashed line marks the partners' target of 50 %."
            ),
            _("The year is the year in which the placement ended."),
        ],
    )


register(
    ReportSection(
        "follow-up",
        _l("Following up"),
        _l("The share in studies or work at the end of a placement, 3 and 6 months later."),
        22,
        follow_up_report,
        year_label=_l("Year of end"),
    )
)
