"""What the pages ask of follow-ups, always through their scope."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from flask import g
from sqlalchemy.orm import joinedload

from portal.auth.models import User
from portal.core import dates
from portal.core.authz import scope, visible
from portal.extensions import db
from portal.follow_up.models import FollowUp
from portal.placements.models import Placement


def due(user: User, *, everyone: bool = False, today: date | None = None) -> sa.Select[Any]:
    """Unanswered follow-ups that have come due: those asked of the user, or (``everyone``)
    all that the user sees; the longest waiting first."""
    stmt = visible(FollowUp, user).where(
        FollowUp.answered_at.is_(None), FollowUp.due_on <= (today or dates.today())
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


def due_count_query(user: User, today: date | None = None) -> sa.Select[Any]:
    """How many follow-ups asked of the user have come due unanswered, through the scope: for
    the front page, which asks it in the same statement as the user's unread count."""
    return sa.select(sa.func.count(FollowUp.id)).where(
        scope(FollowUp, user),
        FollowUp.asked_id == user.id,
        FollowUp.answered_at.is_(None),
        FollowUp.due_on <= (today or dates.today()),
    )


def known_due(count: int) -> None:
    """A page that read the count with a statement of its own gives it to :func:`due_count`."""
    g.follow_ups_due = count


def due_count(user: User) -> int:
    """The user's follow-ups due, asked once per request."""
    if "follow_ups_due" not in g:
        g.follow_ups_due = db.session.scalar(due_count_query(user)) or 0
    return int(g.follow_ups_due)
