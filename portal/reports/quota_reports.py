"""The report "Quota use": places and place-days reserved and in use, per workshop and
education provider, and by month.

A **place-day** is one place on one day. A quota reserves its places for every day of its
period, both ends included; the places that went back to the workshop at the reply-by date
count as reserved, so that the use shows how much of what the workshop offered was used.
A place is **in use** on the days :func:`portal.quotas.occupancy.intervals` gives it — as
on the quota's page: a released place until the day before the release, an interrupted
period until the day before the interruption, a declined or cancelled request on no day —
clipped to the quota's period and to the chosen year. Days still ahead count as the places
are filled now. Every day counts, weekends included.

The quotas are read through :func:`portal.quotas.policy.reported_quotas`: a coordinator's
report counts the quotas of their party, the administrator's every quota. Only sums leave
this module: never a reference, a placement or a quota's page.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from portal.auth.models import User
from portal.extensions import db
from portal.quotas.models import Quota
from portal.reports.filters import PARTY, YEAR, Choices, Filters, other_parties
from portal.reports.quota_use import QuotaUse, count, counted_condition, counted_quotas
from portal.reports.registry import ReportSection, register
from portal.reports.tables import Chart, Column, Kind, Report, Table, display, share


def _use_columns() -> list[Column]:
    return [
        Column("quotas", _("Quotas"), Kind.COUNT),
        Column("places", _("Places reserved"), Kind.COUNT),
        Column("reserved_days", _("Place-days reserved"), Kind.COUNT),
        Column("used_days", _("Place-days in use"), Kind.COUNT),
        Column("use", _("Use"), Kind.SHARE),
        Column("released", _("Places that went back at the reply-by date"), Kind.COUNT),
    ]


def _by_party(use: QuotaUse) -> Table:
    names = use.names
    return Table(
        "by-party",
        _("By workshop and education provider"),
        [
            Column("workshop", _("Workshop")),
            Column("provider", _("Education provider")),
            *_use_columns(),
        ],
        sorted(
            ([names[w], names[p], *t.cells()] for (w, p), t in use.by_pair.items()),
            key=lambda r: (r[0], r[1]),
        ),
        total=[_("Total"), "", *use.total.cells()],
    )


def _by_month(use: QuotaUse) -> Table:
    """The months with place-days reserved, in order."""
    month_counts = _use_columns()[2:5]
    return Table(
        "by-month",
        _("By month"),
        [Column("month", _("Month"), Kind.MONTH), *month_counts],
        [[m, *t.month_cells()] for m, t in sorted(use.by_month.items()) if t.reserved_days],
        total=[_("Total"), *use.total.month_cells()],
        note=_("A quota whose period runs over several months counts in each of them."),
    )


def quota_use_report(user: User, filters: Filters) -> Report:
    use = count(counted_quotas(user, filters), filters.year)
    total = use.total
    pairs, per_month = _by_party(use), _by_month(use)
    summary = [
        ngettext("%(num)d quota in all.", "%(num)d quotas in all.", total.quotas),
        _(
            "Place-days in use: %(used)s of %(reserved)s reserved (%(share)s). Places that "
            "went back to the workshop at the reply-by date: %(released)d.",
            used=display(total.used_days, Kind.COUNT),
            reserved=display(total.reserved_days, Kind.COUNT),
            share=display(share(total.used_days, total.reserved_days), Kind.SHARE),
            released=total.released,
        ),
    ]
    return Report(
        tables=[pairs, per_month],
        charts=[
            Chart(
                per_month,
                ["reserved_days", "used_days"],
                "month",
                _("Place-days reserved and in use by month"),
            )
        ],
        summary=summary,
        definitions=[
            _(
                "A place-day is one quota place on one day; every day counts, weekends "
                "included. A quota counts in each year its period touches, with only its days "
                "in the chosen year."
            ),
            _(
                "Places reserved: the quota's places as the workshop reserved them, those that "
                "went back at the reply-by date included. Place-days reserved: those places "
                "times the days of the quota's period, both ends included."
            ),
            _(
                "Place-days in use: the days on which a place is filled, by a workshop period "
                "or a named reservation, within the quota's period — as the quota's page counts "
                "them. A released place is in use until the day before its release, an "
                "interrupted period until the day before the interruption, a period completed "
                "early until its last day; a declined or cancelled request uses no day. Days "
                "still ahead count as the places are filled now."
            ),
            _(
                "Use is the place-days in use divided by the place-days reserved. Places that "
                "went back at the reply-by date are the places not filled by then, returned to "
                "the workshop the day after it."
            ),
        ],
    )


def quota_choices(user: User) -> Choices:
    """The years the user's counted quotas touch, and their parties other than the user's."""
    counted = counted_condition(user)
    first, last = db.session.execute(
        sa.select(sa.func.min(Quota.start_on), sa.func.max(Quota.end_on)).where(counted)
    ).one()
    years = list(range(last.year, first.year - 1, -1)) if first is not None else []
    sides = sa.select(Quota.workshop_id, Quota.provider_id).where(counted)
    return Choices(years, other_parties(user, sides))


register(
    ReportSection(
        "quotas",
        _l("Quota use"),
        _l(
            "Quota places and place-days reserved and in use per workshop and education "
            "provider, and by month."
        ),
        25,
        quota_use_report,
        filters=frozenset({YEAR, PARTY}),
        year_label=_l("Year of the period"),
        choices=quota_choices,
    )
)
