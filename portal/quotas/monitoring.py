"""Quota places released, for /metrics: by the providers, and at the reply-by date."""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

from portal.core.observability import metrics
from portal.extensions import db
from portal.quotas.models import Quota, QuotaAllocation


def released() -> Iterable[tuple[dict[str, str], float]]:
    by_provider = db.session.scalar(
        sa.select(sa.func.count()).where(QuotaAllocation.released_on.is_not(None))
    )
    unfilled = db.session.scalar(sa.select(sa.func.coalesce(sa.func.sum(Quota.released_places), 0)))
    return [({"by": "provider"}, by_provider or 0), ({"by": "reply_by_date"}, unfilled or 0)]


def register() -> None:
    metrics.gauge(
        "silta_quota_places_released",
        "Quota places released so far: filled places a provider gave back, and unfilled "
        "places returned to the workshop at the reply-by date.",
        released,
        kind="counter",
    )
