"""The terms in force on each day of a placement, as far as support days are concerned: the
daily price, the absences paid like a day present, and whether the period is priced as a
service package (then its days are counted but never paid by the day).

The first version of the per-trainee agreement signed by both parties applies from the start;
a later version (an amendment) that changes either applies from the day both parties had
signed it, in Helsinki time, and the days before keep the earlier terms. A placement without a
signed version has its own terms. Read for many placements at once, in one query and one for
the signatures, for the support-days report and the invoice basis.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from portal.core.i18n import HELSINKI
from portal.extensions import db
from portal.placements.enums import PaidAbsence, Pricing
from portal.placements.models import PlacementAgreement


@dataclass(frozen=True)
class DayTerms:
    """What a day of the period is paid by: its price (None if none was agreed) and the
    absences paid like a day present."""

    price: Decimal | None
    paid_absences: frozenset[PaidAbsence] = frozenset()
    # Priced as a service package: the package's instalments are paid instead of the days.
    package: bool = False


@dataclass(frozen=True)
class Schedule:
    """The terms from the start, and each later change from the first day it applies."""

    first: DayTerms
    changes: tuple[tuple[date, DayTerms], ...] = ()

    def parts(self, first: date, last: date) -> list[tuple[date, date, DayTerms]]:
        """``first``–``last`` split where an amendment changed the terms, with each part's."""
        parts = []
        terms, start = self.first, first
        for changed_on, new_terms in self.changes:
            if changed_on > last:
                break
            if changed_on > start:
                parts.append((start, changed_on - timedelta(days=1), terms))
                start = changed_on
            terms = new_terms
        parts.append((start, last, terms))
        return parts


def schedules(own: dict[int, DayTerms]) -> dict[int, Schedule]:
    """The schedule of each placement in ``own`` (its id → its own terms, used when it has no
    version signed by both)."""
    if not own:
        return {}
    versions = db.session.scalars(
        sa.select(PlacementAgreement)
        .where(PlacementAgreement.placement_id.in_(list(own)))
        .options(selectinload(PlacementAgreement.signatures))
        .order_by(PlacementAgreement.placement_id, PlacementAgreement.number)
    )
    agreed: dict[int, list[tuple[date, DayTerms]]] = defaultdict(list)
    for version in versions:
        if not version.is_signed_by_both:
            continue
        signed = max(s.signed_at for s in version.signatures).astimezone(HELSINKI).date()
        agreed[version.placement_id].append((signed, _recorded(version.terms.get("terms", {}))))
    found = {}
    for placement_id, terms in own.items():
        versions_of = agreed.get(placement_id)
        if not versions_of:
            found[placement_id] = Schedule(terms)
            continue
        first = current = versions_of[0][1]
        changes = []
        for day, later in versions_of[1:]:
            if later != current:
                changes.append((day, later))
                current = later
        found[placement_id] = Schedule(first, tuple(changes))
    return found


def _recorded(data: dict[str, object]) -> DayTerms:
    """The terms a version recorded, read leniently: an older version may lack a field (no
    absence was paid then) or hold only some of them."""
    raw = data.get("daily_price")
    try:
        price = Decimal(str(raw)) if raw is not None else None
    except ArithmeticError:
        price = None
    flags = {PaidAbsence.ILL: "ill_days_paid", PaidAbsence.AGREED_LEAVE: "agreed_leave_paid"}
    return DayTerms(
        price,
        frozenset(kind for kind, key in flags.items() if data.get(key)),
        # A version made before packages were asked for has no pricing: by day.
        package=data.get("pricing") == Pricing.PACKAGE.value,
    )
