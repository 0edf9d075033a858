"""Support days × daily price per party and month: the basis of invoicing workshop periods.

A **support day** is a weekday, Monday to Friday, on which a workshop period was actually
held: from the day its start was recorded to the day it ended — completed, or interrupted,
which ends it early — both days included. A period still ongoing counts up to today, or up
to its planned end if that is earlier. Public holidays and absences are not deducted:
Silta records no attendance. The amount is the support days times the daily price in the
terms in force on each day: an amendment that changes the price applies from the day both
parties had signed it (Helsinki time), the days before keep the earlier price. The days are
counted in the month (and the year) in which they fall.
"""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.auth.models import User
from portal.core.i18n import money
from portal.reports.counting import party_names
from portal.reports.filters import PARTY, YEAR, Filters
from portal.reports.registry import ReportSection, register
from portal.reports.support_day_counts import count, periods
from portal.reports.tables import Chart, Column, Kind, Report, Table


def support_days_report(user: User, filters: Filters, today: date | None = None) -> Report:
    counts = count(periods(user, filters), filters.year, today or date.today())
    names = party_names({pid for pair in counts.by_pair for pid in pair})
    money_columns = [
        Column("periods", _("Periods"), Kind.COUNT),
        Column("days", _("Support days"), Kind.COUNT),
        Column("amount", _("Amount"), Kind.MONEY),
    ]
    workshop, provider = (
        Column("workshop", _("Workshop")),
        Column("provider", _("Education provider")),
    )
    pairs = Table(
        "by-party",
        _("By workshop and education provider"),
        [workshop, provider, *money_columns],
        sorted(
            ([names[w], names[p], *t.cells()] for (w, p), t in counts.by_pair.items() if t.days),
            key=lambda r: (r[0], r[1]),
        ),
        total=[_("Total"), "", *counts.total.cells()],
    )
    per_month = Table(
        "by-month",
        _("By month"),
        [Column("month", _("Month"), Kind.MONTH), *money_columns],
        [[m, *t.cells()] for m, t in sorted(counts.by_month.items()) if t.days],
        total=[_("Total"), *counts.total.cells()],
    )
    detail = Table(
        "by-party-and-month",
        _("By workshop, education provider and month"),
        [Column("month", _("Month"), Kind.MONTH), workshop, provider, *money_columns],
        sorted(
            (
                [m, names[w], names[p], *t.cells()]
                for (m, w, p), t in counts.by_pair_month.items()
                if t.days
            ),
            key=lambda r: (r[0], r[1], r[2]),
        ),
        total=[_("Total"), "", "", *counts.total.cells()],
    )
    summary = [
        _(
            "Support days in all: %(days)d, in %(periods)d workshop periods. Amount: %(amount)s.",
            days=counts.total.days,
            periods=len(counts.total.periods),
            amount=money(counts.total.amount),
        )
    ]
    if counts.unpriced:
        summary.append(
            _(
                "Periods without a daily price (days counted, no amount): %(count)d.",
                count=counts.unpriced,
            )
        )
    return Report(
        tables=[pairs, per_month, detail],
        charts=[Chart(per_month, ["days"], "month", _("Support days by month"))],
        summary=summary,
        definitions=[
            _(
                "A support day is a weekday, Monday to Friday, on which a workshop period was "
                "actually held: from the recorded start to the day it ended — completed, or "
                "interrupted, which ends it early — both days included. A period still ongoing "
                "counts up to today, or up to its planned end if that is earlier."
            ),
            _(
                "Public holidays and absences are not deducted: Silta records no attendance. "
                "The amount is the support days times the daily price in the terms in force on "
                "each day: a price changed by an amendment applies from the day both parties "
                "had signed it. Days count in the month and the year in which they fall."
            ),
        ],
    )


register(
    ReportSection(
        "support-days",
        _l("Support days"),
        _l(
            "Support days × daily price per workshop, education provider and month: the "
            "basis of invoicing."
        ),
        40,
        support_days_report,
        filters=frozenset({YEAR, PARTY}),
    )
)
