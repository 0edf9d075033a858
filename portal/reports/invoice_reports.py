"""The invoice bases in sums: per month, workshop and education provider, the support days
and their amount (:mod:`portal.invoicing.basis`, counted from the daily records only, never
estimated), the package instalments and the result bonuses due, whether the basis is
provisional, and its state (open, confirmed, disputed).

A coordinator's figures are those of the bases their own party is one of: the same bases it
reads on the invoice basis pages. The administrator's are every basis. Sums only, no lines.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.auth.models import User
from portal.core.i18n import money
from portal.core.params import FIRST_YEAR
from portal.extensions import db
from portal.invoicing.labels import STATE_LABELS
from portal.invoicing.models import BasisState, InvoiceBasis
from portal.invoicing.service import state_of
from portal.invoicing.sums import MonthSum, month_sums
from portal.placements.models import Placement
from portal.reports.counting import party_names
from portal.reports.filters import PARTY, YEAR, Filters
from portal.reports.policy import counted_placements, may_read_reports
from portal.reports.registry import ReportSection, register
from portal.reports.tables import Chart, Column, Kind, Report, Table


def _own(user: User) -> sa.ColumnElement[bool]:
    """The periods of bases the user's party is one of (every one for the administrator)."""
    if not may_read_reports(user):
        return sa.false()
    if user.is_admin:
        return sa.true()
    return sa.and_(
        counted_placements(user),
        sa.or_(
            Placement.receiver_party_id == user.party_id,
            Placement.sender_party_id == user.party_id,
        ),
    )


def _states(
    sums: dict[tuple[int, int, date], MonthSum],
) -> dict[tuple[int, int, date], BasisState]:
    """Each basis's state as its parties read it, in one query."""
    if not sums:
        return {}
    months = {key[2] for key in sums}
    records = db.session.scalars(
        sa.select(InvoiceBasis).where(InvoiceBasis.month.between(min(months), max(months)))
    )
    found = {(r.workshop_id, r.provider_id, r.month): r for r in records}
    return {key: state_of(found.get(key), value) for key, value in sums.items()}


def label(state: BasisState) -> str:
    return str(STATE_LABELS[state])


def _figures(of: list[MonthSum]) -> list[Any]:
    """Support days, their amount, instalments, bonuses, the total and provisional."""

    def money_sum(values: list[Decimal]) -> Decimal:
        return sum(values, Decimal("0.00"))

    return [
        sum(s.days for s in of),
        money_sum([s.amount for s in of]),
        money_sum([s.instalments_amount for s in of]),
        money_sum([s.bonuses_amount for s in of]),
        money_sum([s.total for s in of]),
        any(s.provisional for s in of),
    ]


def invoice_report(user: User, filters: Filters) -> Report:
    today = date.today()
    first = date(filters.year or FIRST_YEAR, 1, 1)
    last = date(filters.year or today.year, 12, 31)
    sums = month_sums(first, last, _own(user), filters.involving_party())
    sums = {key: value for key, value in sums.items() if value.days or value.total}
    states = _states(sums)
    names = party_names({pid for key in sums for pid in key[:2]})
    every = list(sums.values())
    totals = _figures(every)
    days, amount, bonuses = totals[0], totals[4], totals[3]
    confirmed = sum(
        (s.total for k, s in sums.items() if states[k] == BasisState.CONFIRMED),
        Decimal("0.00"),
    )
    figures = [
        Column("days", _("Support days"), Kind.COUNT),
        Column("days_amount", _("Support days' amount"), Kind.MONEY),
        Column("instalments", _("Package instalments"), Kind.MONEY),
        Column("bonuses", _("Result bonuses"), Kind.MONEY),
        Column("amount", _("Amount"), Kind.MONEY),
        Column("provisional", _("Provisional"), Kind.MARK),
    ]
    month_column = Column("month", _("Month"), Kind.MONTH)
    detail = Table(
        "by-party-and-month",
        _("Invoice bases by month, workshop and education provider"),
        [
            month_column,
            Column("workshop", _("Workshop")),
            Column("provider", _("Education provider")),
            *figures,
            Column("state", _("State")),
        ],
        sorted(
            (
                [m, names[w], names[p], *_figures([s]), str(STATE_LABELS[states[(w, p, m)]])]
                for (w, p, m), s in sums.items()
            ),
            key=lambda r: (r[0], r[1], r[2]),
        ),
        total=[_("Total"), "", "", *totals, ""],
    )
    by_month: dict[date, list[MonthSum]] = {}
    for (_w, _p, m), s in sorted(sums.items(), key=lambda item: item[0][2]):
        by_month.setdefault(m, []).append(s)
    per_month = Table(
        "by-month",
        _("Invoice bases by month"),
        [month_column, *figures],
        [[m, *_figures(of_month)] for m, of_month in by_month.items()],
        total=[_("Total"), *totals],
    )
    return Report(
        tables=[per_month, detail],
        charts=[
            Chart(
                per_month,
                ["days_amount", "instalments", "bonuses"],
                "month",
                _("Invoice bases by month"),
            )
        ],
        summary=[
            _(
                "Invoice bases in all: %(amount)s for %(days)d support days, package "
                "instalments and result bonuses (of which result bonuses %(bonuses)s); confirmed "
                "by the education provider: %(confirmed)s.",
                amount=money(amount),
                days=days,
                bonuses=money(bonuses),
                confirmed=money(confirmed),
            )
        ],
        definitions=[
            _(
                "The invoice basis of a workshop, an education provider and a month: the "
                "support days counted from the daily records times the daily price in force "
                "each day, each period's line rounded once to cents, and the package instalments "
                "and the result bonuses falling due in the month (a bonus when the provider "
                "records a unit completed within the agreed time). It is provisional while "
                "any of its months is not closed; its state is the provider's decision on its "
                "current figures."
            )
        ],
    )


register(
    ReportSection(
        "invoice-bases",
        _l("Invoice bases"),
        _l("The invoice bases' sums per month and party, with their state."),
        45,
        invoice_report,
        filters=frozenset({YEAR, PARTY}),
    )
)
