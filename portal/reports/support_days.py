"""Support days × daily price per party and month: the basis of invoicing workshop periods.

A **support day** is a working day — Monday to Friday and not a Finnish public holiday — of a
workshop period on which the daily record says the trainee was present, or absent for a reason
the agreement pays for (days of illness, agreed leave; none unless agreed). The period is
counted from the day its start was recorded to the day it ended — completed, or interrupted,
which ends it early; one still ongoing up to today, or its planned end if that is earlier.

A month of a period with no daily records at all (e.g. one held before the records were kept)
is **estimated** from its working days. A month counted from the records and not yet closed by
the workshop's coordinator is **provisional**: its figures may still change. (An estimate is
not marked provisional as well: it says it is an estimate, and nothing of it can be closed.)

The amount is the support days times the daily price in the terms in force on each day: an
amendment applies from the day both parties had signed it (Helsinki time). The days are
counted in the month (and the year) they fall in.
"""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.auth.models import User
from portal.core import dates
from portal.core.i18n import money
from portal.reports.counting import party_names
from portal.reports.filters import PARTY, YEAR, Filters
from portal.reports.registry import ReportSection, register
from portal.reports.support_day_counts import SupportDays, Tally, support_days
from portal.reports.tables import Chart, Column, Kind, Report, Row, Table


def _basis(tally: Tally) -> str:
    """What a figure was counted from."""
    if tally.from_records:
        return _("daily records")
    if tally.estimated:
        return _("estimate")
    return _("daily records and estimate")


def _cells(tally: Tally) -> Row:
    return [*tally.cells(), _basis(tally), tally.provisional]


def _summary(counts: SupportDays) -> list[str]:
    total = counts.total
    summary = [
        _(
            "Support days in all: %(days)d, in %(periods)d workshop periods. Amount: %(amount)s.",
            days=total.days,
            periods=len(total.periods),
            amount=money(total.amount),
        )
    ]
    if total.recorded_days or counts.unpaid_absences or counts.ignored:
        summary.append(
            _(
                "From the daily records: %(days)d support days (%(present)d present, "
                "%(paid)d paid absences). Not counted: %(unpaid)d absences the agreement does "
                "not pay for, and %(ignored)d entries on a weekend or a public holiday.",
                days=total.recorded_days,
                present=counts.present,
                paid=counts.paid_absences,
                unpaid=counts.unpaid_absences,
                ignored=counts.ignored,
            )
        )
    if total.estimated_days:
        summary.append(
            _(
                "Estimated from the working days of months without daily records: %(days)d "
                "support days.",
                days=total.estimated_days,
            )
        )
    if counts.open_months:
        summary.append(
            _(
                "Provisional: %(count)d months of the periods counted from the daily records are "
                "not closed yet, so their figures may still change.",
                count=counts.open_months,
            )
        )
    if counts.unpriced:
        summary.append(
            _(
                "Periods without a daily price (days counted, no amount): %(count)d.",
                count=counts.unpriced,
            )
        )
    if counts.packaged:
        summary.append(
            _(
                "Periods priced as a package (days counted, no daily price; the package's "
                "instalments are invoiced instead): %(count)d.",
                count=counts.packaged,
            )
        )
    return summary


def _money_columns() -> list[Column]:
    return [
        Column("periods", _("Periods"), Kind.COUNT),
        Column("days", _("Support days"), Kind.COUNT),
        Column("amount", _("Amount"), Kind.MONEY),
        Column("basis", _("Counted from")),
        Column("provisional", _("Provisional"), Kind.MARK),
    ]


def _party_columns() -> list[Column]:
    return [Column("workshop", _("Workshop")), Column("provider", _("Education provider"))]


def _note() -> str:
    return _(
        "Counted from: the daily records, or an estimate from the working days of a month "
        "without records. Provisional: a month in the figure was counted from daily records "
        "that are not closed yet."
    )


def _by_party(counts: SupportDays, names: dict[int, str]) -> Table:
    return Table(
        "by-party",
        _("By workshop and education provider"),
        [*_party_columns(), *_money_columns()],
        sorted(
            ([names[w], names[p], *_cells(t)] for (w, p), t in counts.by_pair.items() if t.periods),
            key=lambda r: (r[0], r[1]),
        ),
        total=[_("Total"), "", *_cells(counts.total)],
        note=_note(),
    )


def _by_month(counts: SupportDays) -> Table:
    return Table(
        "by-month",
        _("By month"),
        [Column("month", _("Month"), Kind.MONTH), *_money_columns()],
        [[m, *_cells(t)] for m, t in sorted(counts.by_month.items()) if t.periods],
        total=[_("Total"), *_cells(counts.total)],
        note=_note(),
    )


def _by_party_and_month(counts: SupportDays, names: dict[int, str]) -> Table:
    return Table(
        "by-party-and-month",
        _("By workshop, education provider and month"),
        [Column("month", _("Month"), Kind.MONTH), *_party_columns(), *_money_columns()],
        sorted(
            (
                [m, names[w], names[p], *_cells(t)]
                for (m, w, p), t in counts.by_pair_month.items()
                if t.periods
            ),
            key=lambda r: (r[0], r[1], r[2]),
        ),
        total=[_("Total"), "", "", *_cells(counts.total)],
        note=_note(),
    )


def _definitions() -> list[str]:
    return [
        _(
            "A support day is a working day – Monday to Friday and not a Finnish public "
            "holiday – of a workshop period on which the daily record says the trainee was "
            "present, or absent for a reason the agreement pays for (days of illness, agreed "
            "leave; none unless agreed). Entries on weekends and public holidays are never "
            "counted, and the latest correction of a day counts."
        ),
        _(
            "A period counts from its recorded start to the day it ended – completed, or "
            "interrupted, which ends it early. A period still ongoing counts up to today, or "
            "up to its planned end if that is earlier."
        ),
        _(
            "A month of a period with no daily records at all, such as one held before the "
            "records were kept, is an estimate: its working days. A month counted from the "
            "daily records that the workshop's coordinator has not closed yet is "
            "provisional: its figures may still change."
        ),
        _(
            "The amount is the support days times the daily price in the terms in force on "
            "each day: a price or paid absences changed by an amendment apply from the day "
            "both parties had signed it. Days count in the month and the year in which they "
            "fall."
        ),
        _(
            "A period priced as a package is paid by the package's instalments, not by the "
            "day: its support days are counted but add nothing to the amount."
        ),
    ]


def support_days_report(user: User, filters: Filters, today: date | None = None) -> Report:
    counts = support_days(user, filters, today or dates.today())
    names = party_names({pid for pair in counts.by_pair for pid in pair})
    per_month = _by_month(counts)
    return Report(
        tables=[_by_party(counts, names), per_month, _by_party_and_month(counts, names)],
        charts=[Chart(per_month, ["days"], "month", _("Support days by month"))],
        summary=_summary(counts),
        definitions=_definitions(),
    )


register(
    ReportSection(
        "support-days",
        _l("Support days"),
        _l(
            "Support days × daily price per workshop, education provider and month, counted "
            "from the daily records: the basis of invoicing."
        ),
        40,
        support_days_report,
        filters=frozenset({YEAR, PARTY}),
    )
)
