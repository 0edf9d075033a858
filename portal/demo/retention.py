"""Retention in use: the administrator's limits, and Parik's own periods within them —
its archive plan keeps the daily records five years, comments three and secret documents
ten."""

from __future__ import annotations

from portal.demo import Cast, DemoContext
from portal.retention.models import Category
from portal.retention.periods import Limits, set_limits, set_party_years


def load(context: DemoContext) -> None:
    cast = Cast.of(context)
    set_limits(
        cast.admin,
        {
            Category.IDENTITY: Limits(min_years=2, max_years=10, default_years=6),
            Category.DAILY_RECORDS: Limits(min_years=1, max_years=10, default_years=5),
            Category.COMMENTS: Limits(min_years=1, max_years=10, default_years=5),
            Category.DOCUMENTS_PUBLIC: Limits(min_years=1, max_years=10, default_years=5),
            Category.DOCUMENTS_INTERNAL: Limits(min_years=1, max_years=10, default_years=5),
            Category.DOCUMENTS_CONFIDENTIAL: Limits(min_years=1, max_years=10, default_years=5),
            Category.DOCUMENTS_SECRET: Limits(min_years=2, max_years=20, default_years=10),
            Category.AUDIT: Limits(min_years=2, max_years=10, default_years=5),
        },
    )
    set_party_years(
        cast.maria,
        cast.parik,
        {
            Category.IDENTITY: 6,
            Category.DAILY_RECORDS: 5,
            Category.COMMENTS: 3,
            Category.DOCUMENTS_SECRET: 10,
            Category.AUDIT: 5,
        },
    )
