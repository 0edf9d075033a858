"""The upload form's "belongs to": the objects a person may share a document for, found by a
typed name in the database, a few at a time.

A large workshop has thousands of placements; the form never lists them all. What is typed
is resolved when the form is sent (one object, or the few it names to choose from), and with
htmx the same few are offered while typing.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from portal.annual_calendar.models import Event, EventStatus
from portal.auth.models import User
from portal.catalogue.models import LearningEnvironment
from portal.core.authz import visible
from portal.document_links import policy
from portal.document_links.models import LinkKind
from portal.document_links.queries import SUGGESTIONS, named
from portal.document_links.targets import LinkTarget
from portal.documents.policy import may_share
from portal.extensions import db
from portal.parties.models import Unit
from portal.placements.models import Placement


def _placements(user: User) -> sa.Select[Any]:
    stmt = visible(Placement, user).where(
        sa.or_(
            Placement.sender_party_id == user.party_id,
            Placement.receiver_party_id == user.party_id,
        )
    )
    if not may_share(user):
        # A withdrawn party shares documents only on the placements it is finishing.
        stmt = stmt.where(Placement.status.in_(policy.FINISHED_BY_A_WITHDRAWN_PARTY))
    return stmt.order_by(Placement.created_at.desc(), Placement.id.desc())


def _events(user: User) -> sa.Select[Any]:
    return (
        visible(Event, user)
        .where(Event.organiser_party_id == user.party_id, Event.status != EventStatus.CANCELLED)
        .order_by(Event.starts_at.desc(), Event.id.desc())
    )


def _reports(user: User) -> sa.Select[Any]:
    return (
        visible(LearningEnvironment, user)
        .join(LearningEnvironment.unit)
        .where(Unit.party_id == user.party_id)
        .order_by(Unit.name, LearningEnvironment.id)
        .options(selectinload(LearningEnvironment.unit).selectinload(Unit.party))
    )


def attachable(user: User, text: str = "", limit: int | None = SUGGESTIONS) -> list[LinkTarget]:
    """The objects the user may share a document for whose name contains ``text``, at most
    ``limit`` of each kind (None: all), newest first.

    The database narrows them to the user's own party's objects; the sharing policy then has
    the last word on each of the few it returns.
    """
    if user.party_id is None:
        return []
    queries: list[tuple[LinkKind, Any, sa.Select[Any]]] = [
        (LinkKind.PLACEMENT, Placement, _placements(user))
    ]
    if may_share(user):
        queries += [
            (LinkKind.EVENT, Event, _events(user)),
            (LinkKind.REPORT, LearningEnvironment, _reports(user)),
        ]
    found: list[LinkTarget] = []
    typed = text.strip()
    for kind, model, stmt in queries:
        if typed:
            stmt = stmt.where(model.id.in_(named(kind, typed)))
        if limit is not None:
            stmt = stmt.limit(limit)
        found += [
            LinkTarget(kind, obj)
            for obj in db.session.scalars(stmt)
            if policy.may_attach(user, obj)
        ]
    return found


def _name(target: LinkTarget) -> str:
    obj = target.obj
    if isinstance(obj, Placement):
        return obj.reference
    if isinstance(obj, Event):
        return obj.title
    assert isinstance(obj, LearningEnvironment)
    return obj.unit.name


def resolve(user: User, text: str) -> tuple[LinkTarget | None, list[LinkTarget]]:
    """The one object ``text`` names, or None and the objects it may mean (none, or several
    to choose from). A name typed in full wins over the longer names that contain it."""
    matches = attachable(user, text)
    if len(matches) == 1:
        return matches[0], matches
    typed = text.strip().lower()
    exact = [t for t in matches if _name(t).lower() == typed]
    if len(exact) == 1:
        return exact[0], matches
    return None, matches
