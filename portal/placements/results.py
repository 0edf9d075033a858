"""Qualification units completed and the result bonus (DESIGN §2.8).

The per-trainee agreement may grant the workshop a result bonus for each qualification unit
the student completes during the period or after it, up to a last day. The education
provider's people record a unit completed with its date, during the period or after it; when
the date falls from the start of the period to the bonus's last day, the bonus is due and
the workshop's coordinators are told (by the placement's reference only).

The invoice basis reads, for placements and a month, the package instalments and the bonuses
due in that month: :func:`instalments_due` and :func:`bonuses_due`. Both read the terms in
force (the placement's own columns follow the agreement signed by both); the caller chooses
the placements (e.g. those agreed, ongoing or finished).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from flask import url_for
from flask_babel import lazy_gettext as _l

from portal.auth.models import User
from portal.core.errors import DomainError
from portal.core.i18n import HELSINKI, local_date
from portal.core.models import utcnow
from portal.extensions import db
from portal.notifications import kinds
from portal.notifications.service import notify
from portal.parties.service import coordinators_of
from portal.placements import steps
from portal.placements.models import (
    Direction,
    Placement,
    PlacementInstalment,
    PlacementQualificationUnit,
    StepKind,
)
from portal.placements.prices import Instalment
from portal.placements.workflow import Action

BONUS_DUE = kinds.register(
    "placement.bonus_due",
    _l(
        "A result bonus is due on placement %(reference)s: a qualification unit was recorded "
        "completed on %(date)s."
    ),
    label=_l("Result bonus due"),
    date_params=("date",),
)


@dataclass(frozen=True)
class BonusDue:
    """A result bonus due for one completed unit."""

    placement_id: int
    unit_id: int
    unit: str
    completed_on: date
    amount: Decimal


def month_bounds(month: date) -> tuple[date, date]:
    """The first and the last day of ``month``'s month."""
    first = month.replace(day=1)
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return first, date.fromordinal(following.toordinal() - 1)


def bonus_window(placement: Placement) -> tuple[date, date] | None:
    """The days on which a completion earns the bonus, or None if no bonus was agreed."""
    if placement.bonus_amount is None or placement.bonus_last_day is None:
        return None
    return placement.started_on or placement.start_on, placement.bonus_last_day


def is_bonus_due(placement: Placement, unit: PlacementQualificationUnit) -> bool:
    window = bonus_window(placement)
    if window is None or unit.completed_on is None:
        return False
    return window[0] <= unit.completed_on <= window[1]


def bonuses_of(placement: Placement) -> list[BonusDue]:
    """The bonuses due on one placement already loaded, for its page."""
    amount = placement.bonus_amount
    return [
        BonusDue(placement.id, u.id, u.label, u.completed_on, amount)
        for u in placement.units
        if is_bonus_due(placement, u) and u.completed_on is not None and amount is not None
    ]


def _today() -> date:
    return datetime.now(HELSINKI).date()


def record_completion(
    actor: User, placement: Placement, unit: PlacementQualificationUnit, on: date
) -> bool:
    """Record ``unit`` completed on ``on``; returns whether a result bonus fell due."""
    steps.check(actor, Action.RECORD_UNIT, placement)
    if placement.direction != Direction.TO_WORKSHOP:
        raise DomainError(_l("Units are recorded completed on workshop periods only."))
    start = placement.started_on or placement.start_on
    if on < start:
        raise DomainError(
            _l(
                "The date is before the period began (%(date)s). Record units completed during "
                "or after the period.",
                date=local_date(start),
            ),
            field="on",
        )
    if on > _today():
        raise DomainError(_l("The date cannot be in the future."), field="on")
    if unit.completed_on is not None:
        raise DomainError(_l("This unit has already been recorded completed."), field="on")
    unit.completed = True
    unit.completed_on = on
    unit.completion_recorded_by_id = actor.id
    unit.completion_recorded_at = utcnow()
    db.session.flush()
    steps.record_step(placement, actor, StepKind.UNIT_COMPLETED, comment=unit.label)
    due = is_bonus_due(placement, unit)
    if due:
        notify(
            coordinators_of([placement.workshop]),
            BONUS_DUE,
            link=url_for("placements.detail", placement_id=placement.id, _anchor="units"),
            reference=placement.reference,
            date=on.isoformat(),
        )
    return due


def instalments_due(placement_ids: Iterable[int], month: date) -> dict[int, list[Instalment]]:
    """The package instalments of the placements falling due in ``month``, by placement."""
    ids = list(placement_ids)
    if not ids:
        return {}
    first, last = month_bounds(month)
    rows = db.session.execute(
        sa.select(
            PlacementInstalment.placement_id, PlacementInstalment.due_on, PlacementInstalment.amount
        )
        .where(
            PlacementInstalment.placement_id.in_(ids),
            PlacementInstalment.due_on.between(first, last),
        )
        .order_by(PlacementInstalment.placement_id, PlacementInstalment.due_on)
    )
    found: dict[int, list[Instalment]] = defaultdict(list)
    for row in rows:
        found[row.placement_id].append(Instalment(row.due_on, Decimal(row.amount)))
    return dict(found)


def bonuses_due(placement_ids: Iterable[int], month: date) -> dict[int, list[BonusDue]]:
    """The result bonuses of the placements due for units completed in ``month``."""
    ids = list(placement_ids)
    if not ids:
        return {}
    first, last = month_bounds(month)
    unit = PlacementQualificationUnit
    rows = db.session.execute(
        sa.select(
            unit.placement_id,
            unit.id,
            unit.name,
            unit.code,
            unit.completed_on,
            Placement.bonus_amount,
        )
        .join(Placement, Placement.id == unit.placement_id)
        .where(
            unit.placement_id.in_(ids),
            unit.completed_on.between(first, last),
            Placement.bonus_amount.is_not(None),
            unit.completed_on <= Placement.bonus_last_day,
            unit.completed_on >= sa.func.coalesce(Placement.started_on, Placement.start_on),
        )
        .order_by(unit.placement_id, unit.completed_on, unit.id)
    )
    found: dict[int, list[BonusDue]] = defaultdict(list)
    for row in rows:
        label = f"{row.name} ({row.code})" if row.code else row.name
        found[row.placement_id].append(
            BonusDue(row.placement_id, row.id, label, row.completed_on, Decimal(row.bonus_amount))
        )
    return dict(found)


def total(amounts: Iterable[Decimal]) -> Decimal:
    """A sum of amounts already in cents: exact, nothing to round again."""
    return sum(amounts, Decimal("0.00"))
