"""The follow-up report: of the placements that ended, the share in studies or work at the
end, 3 months and 6 months later, per party, year and direction, against the partners'
target of at least half (DESIGN §2.7).

Every figure counts the placements of :func:`portal.reports.policy.counted_placements`,
narrowed by the filters, that were completed or interrupted. Only counts and shares leave
this module.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.auth.models import User
from portal.placements.enums import Direction
from portal.placements.labels import DIRECTION_LABELS
from portal.reports.counting import party_names
from portal.reports.filters import Filters
from portal.reports.follow_up_counts import LATER, FollowUpCounts, Shares, follow_up_counts
from portal.reports.registry import ReportSection, register
from portal.reports.tables import Chart, Column, Kind, Report, Row, Table, display, share

# The partners' target: at least half in studies or work (001).
TARGET = 0.5


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


def _row(label: Any, s: Shares) -> Row:
    row: Row = [label, s.ended, share(s.in_studies_or_work, s.ended)]
    for checkpoint in LATER:
        answered = s.answered.get(checkpoint, 0)
        row += [answered, share(s.succeeded.get(checkpoint, 0), answered)]
    return row


def _chart(table: Table, label_key: str, title: str) -> Chart:
    return Chart(table, ["share_end", "share_3", "share_6"], label_key, title, target=TARGET)


def _by_party(counts: FollowUpCounts) -> Table:
    names = party_names(set(counts.parties))
    return Table(
        "by-party",
        _("By party"),
        _columns(Column("party", _("Party"))),
        sorted((_row(names[pid], of) for pid, of in counts.parties.items()), key=lambda r: r[0]),
        note=_("A placement counts for both of its parties."),
    )


def _by_direction(counts: FollowUpCounts, total: Row) -> Table:
    return Table(
        "by-direction",
        _("By direction"),
        _columns(Column("direction", _("Direction"))),
        [_row(str(DIRECTION_LABELS[d]), counts.directions[d]) for d in Direction],
        total=total,
    )


def _by_year(counts: FollowUpCounts, total: Row) -> Table:
    return Table(
        "by-year",
        _("By year of end"),
        _columns(Column("year", _("Year"), Kind.YEAR)),
        [_row(y, of) for y, of in counts.years.items()],
        total=total,
    )


def follow_up_report(user: User, filters: Filters) -> Report:
    counts = follow_up_counts(user, filters)
    total = _row(_("Total"), counts.total)
    by_party = _by_party(counts)
    by_direction = _by_direction(counts, total)
    by_year = _by_year(counts, total)
    figures = counts.total
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
