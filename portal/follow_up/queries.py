"""What the pages ask of follow-ups, always through their scope."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from portal.auth.models import User
from portal.core.authz import visible
from portal.extensions import db
from portal.follow_up.models import FollowUp
from portal.placements.models import Placement


def due(user: User, *, everyone: bool = False, today: date | None = None) -> sa.Select[Any]:
    """Unanswered follow-ups that have come due: those asked of the user, or (``everyone``)
    all that the user sees; the longest waiting first."""
    stmt = visible(FollowUp, user).where(
        FollowUp.answered_at.is_(None), FollowUp.due_on <= (today or date.today())
    )
    if not everyone:
        stmt = stmt.where(FollowUp.asked_id == user.id)
    return stmt.options(
        joinedload(FollowUp.placement).joinedload(Placement.sender),
        joinedload(FollowUp.placement).joinedload(Placement.receiver),
        joinedload(FollowUp.asked),
    ).order_by(FollowUp.due_on, FollowUp.id)


def of_placement(user: User, placement: Placement) -> list[FollowUp]:
    """The placement's follow-ups in their order, when the user sees them."""
    stmt = (
        visible(FollowUp, user)
        .where(FollowUp.placement_id == placement.id)
        .options(joinedload(FollowUp.asked))
        .order_by(FollowUp.due_on, FollowUp.id)
    )
    return list(db.session.scalars(stmt))
