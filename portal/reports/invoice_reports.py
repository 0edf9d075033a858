"""The invoice bases in sums: per month, workshop and education provider, the support days
and their amount (:mod:`portal.invoicing.basis`, counted from the daily records only, never
estimated), the package instalments and the result bonuses due, whether the basis is
provisional, and its state (open, confirmed, disputed).

A coordinator's figures are those of the bases their own party is one of: the same bases it
reads on the invoice basis pages. The administrator's are every basis. Sums only, no lines.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.auth.models import User
from portal.core.i18n import money
from portal.invoicing.labels import STATE_LABELS
from portal.invoicing.models import BasisState
from portal.reports.counting import party_names
from portal.reports.filters import PARTY, YEAR, Filters
from portal.reports.invoice_counts import InvoiceCounts, invoice_counts
from portal.reports.registry import ReportSection, register
from portal.reports.tables import Chart, Column, Kind, Report, Table


def label(state: BasisState) -> str:
    return str(STATE_LABELS[state])


def _sums_columns() -> list[Column]:
    return [
        Column("days", _("Support days"), Kind.COUNT),
        Column("days_amount", _("Support days' amount"), Kind.MONEY),
        Column("instalments", _("Package instalments"), Kind.MONEY),
        Column("bonuses", _("Result bonuses"), Kind.MONEY),
        Column("amount", _("Amount"), Kind.MONEY),
        Column("provisional", _("Provisional"), Kind.MARK),
    ]


def _month_column() -> Column:
    return Column("month", _("Month"), Kind.MONTH)


def _by_party_and_month(counts: InvoiceCounts, names: dict[int, str]) -> Table:
    return Table(
        "by-party-and-month",
        _("Invoice bases by month, workshop and education provider"),
        [
            _month_column(),
            Column("workshop", _("Workshop")),
            Column("provider", _("Education provider")),
            *_sums_columns(),
            Column("state", _("State")),
        ],
        sorted(
            (
                [
                    b.month,
                    names[b.workshop_id],
                    names[b.provider_id],
                    *b.sums.row(),
                    label(b.state),
                ]
                for b in counts.bases
            ),
            key=lambda r: (r[0], r[1], r[2]),
        ),
        total=[_("Total"), "", "", *counts.totals.row(), ""],
    )


def _by_month(counts: InvoiceCounts) -> Table:
    return Table(
        "by-month",
        _("Invoice bases by month"),
        [_month_column(), *_sums_columns()],
        [[month, *sums.row()] for month, sums in counts.months.items()],
        total=[_("Total"), *counts.totals.row()],
    )


def invoice_report(user: User, filters: Filters) -> Report:
    counts = invoice_counts(user, filters)
    per_month = _by_month(counts)
    detail = _by_party_and_month(counts, party_names(counts.party_ids))
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
                amount=money(counts.totals.amount),
                days=counts.totals.days,
                bonuses=money(counts.totals.bonuses),
                confirmed=money(counts.confirmed),
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
