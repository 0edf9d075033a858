"""Documents of an object, and the documents list's filter by what a document belongs to.

Every query starts from the documents the user may see and the objects the user may see, so
an object's page, the filter's choices and the counts never reveal a document, or an object,
that the user may not see.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask import g
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.sql.elements import ColumnElement

from portal.annual_calendar.models import Event
from portal.auth.models import User
from portal.catalogue.models import LearningEnvironment
from portal.core.authz import scope, visible
from portal.document_links import targets
from portal.document_links.labels import ALL_OF_KIND, KIND_LABELS
from portal.document_links.models import OBJECT_COLUMNS, DocumentLink, EventRole, LinkKind
from portal.documents.models import Document
from portal.documents.policy import document_scope
from portal.extensions import db
from portal.parties.models import Party, Unit
from portal.placements.models import Placement
from portal.placements.policy import sees


def documents_of(user: User, obj: object, role: EventRole | None = None) -> list[Document]:
    """The documents of ``obj`` (of one role at an event) that the user may see, newest first."""
    return [d for d, r in _documents_with_roles(user, obj) if role is None or r == role]


def _documents_with_roles(user: User, obj: object) -> list[tuple[Document, EventRole | None]]:
    """Every document of ``obj`` that the user may see, with its role at an event.

    An event's page asks for its agenda, minutes and other documents, and whether it has
    any, from several panels: they are read once per request and object, all roles together.
    A request reads an object's documents after it has changed them (it answers with a
    redirect or the page), so the request's copy never misses a document of its own.
    """
    kind = targets.kind_of(obj)
    if kind is None:
        return []
    key = (user.id, kind, obj.id)  # type: ignore[attr-defined]
    cache: dict[tuple[int, LinkKind, int], list[tuple[Document, EventRole | None]]]
    cache = g.setdefault("linked_documents", {})
    if key not in cache:
        column = getattr(DocumentLink, OBJECT_COLUMNS[kind])
        # A document belongs to one object at most: the join gives each document once.
        stmt = (
            _of_object_seen(user, obj)
            .join(DocumentLink, DocumentLink.document_id == Document.id)
            .where(column == obj.id)  # type: ignore[attr-defined]
            .add_columns(DocumentLink.event_role)
            .options(selectinload(Document.versions), joinedload(Document.owner))
            .order_by(Document.created_at.desc(), Document.id.desc())
        )
        cache[key] = [(document, role) for document, role in db.session.execute(stmt)]
    return cache[key]


def _of_object_seen(user: User, obj: object) -> sa.Select[Any]:
    """The documents the user sees, to be joined to the links of ``obj``.

    A placement's page reads its documents often, and the full scopes would read every
    placement of the user's party twice over (the link's and the need to know's): for a
    placement the user sees, both ask only what is known already, and for one the user does
    not see, the answer is none.
    """
    if isinstance(obj, Placement):
        if not sees(user, obj):
            return sa.select(Document).where(sa.false())
        return sa.select(Document).where(document_scope(user, need_to_know=False))
    return visible(Document, user).where(scope(DocumentLink, user))


def linked_condition(user: User, reference: targets.Reference) -> ColumnElement[bool]:
    """Documents that belong to the object (or to any object of the kind) the user sees."""
    column = getattr(DocumentLink, OBJECT_COLUMNS[reference.kind])
    objects = targets.visible_ids(user, reference.kind)
    if reference.object_id is not None:
        objects = objects.where(targets.MODELS[reference.kind].id == reference.object_id)
    return Document.id.in_(
        sa.select(DocumentLink.document_id).where(column.in_(objects), scope(DocumentLink, user))
    )


ORDER: dict[LinkKind, tuple[Any, ...]] = {
    LinkKind.PLACEMENT: (Placement.reference, Placement.id),
    LinkKind.EVENT: (Event.starts_at.desc(), Event.id),
    LinkKind.REPORT: (LearningEnvironment.id,),
    LinkKind.WITHDRAWAL: (Party.name,),
}


@dataclass
class FilterChoice:
    value: str
    label: str


# How many objects the filter suggests at a time: enough to choose from, few enough to read.
SUGGESTIONS = 20


def _contains(column: Any, text: str) -> ColumnElement[bool]:
    # The text as typed: % and _ match only themselves.
    typed = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return sa.func.lower(column).like(f"%{typed}%", escape="\\")


def named(kind: LinkKind, text: str) -> sa.Select[Any]:
    """``SELECT id`` of the objects of ``kind`` whose name contains ``text`` (any scope)."""
    if kind == LinkKind.PLACEMENT:
        return sa.select(Placement.id).where(_contains(Placement.reference, text))
    if kind == LinkKind.EVENT:
        return sa.select(Event.id).where(_contains(Event.title, text))
    if kind == LinkKind.REPORT:
        return (
            sa.select(LearningEnvironment.id)
            .join(LearningEnvironment.unit)
            .join(Unit.party)
            .where(sa.or_(_contains(Unit.name, text), _contains(Party.name, text)))
        )
    return sa.select(Party.id).where(_contains(Party.name, text))


def named_condition(user: User, text: str) -> ColumnElement[bool]:
    """Documents that belong to an object the user sees whose name contains ``text``."""
    matches = []
    for kind in LinkKind:
        column = getattr(DocumentLink, OBJECT_COLUMNS[kind])
        objects = targets.visible_ids(user, kind).where(
            targets.MODELS[kind].id.in_(named(kind, text))
        )
        matches.append(column.in_(objects))
    return Document.id.in_(
        sa.select(DocumentLink.document_id).where(scope(DocumentLink, user), sa.or_(*matches))
    )


def filter_suggestions(user: User, text: str, limit: int = SUGGESTIONS) -> list[FilterChoice]:
    """The kinds whose name contains ``text``, then up to ``limit`` objects the user sees that
    have a document the user sees and whose name contains it; the database finds them."""
    typed = text.strip().lower()
    choices = [
        FilterChoice(str(targets.Reference(kind)), str(ALL_OF_KIND[kind]))
        for kind in LinkKind
        if typed in str(ALL_OF_KIND[kind]).lower() or typed in str(KIND_LABELS[kind]).lower()
    ]
    if not typed:
        return choices
    visible_links = visible(DocumentLink, user)
    # Every kind is asked, each for at most ``limit``: the same few statements however many
    # objects match, the first kinds first.
    objects: list[FilterChoice] = []
    for kind in LinkKind:
        model = targets.MODELS[kind]
        column = getattr(DocumentLink, OBJECT_COLUMNS[kind])
        with_documents = visible_links.with_only_columns(column).where(column.is_not(None))
        stmt: sa.Select[Any] = (
            visible(model, user)
            .where(model.id.in_(with_documents), model.id.in_(named(kind, typed)))
            .order_by(*ORDER[kind])
            .limit(limit)
        )
        if model is LearningEnvironment:
            stmt = stmt.options(selectinload(LearningEnvironment.unit).selectinload(Unit.party))
        objects += [
            FilterChoice(str(targets.Reference(kind, o.id)), targets.label(o))
            for o in db.session.scalars(stmt)
        ]
    return choices + objects[:limit]


def filter_label(user: User, reference: targets.Reference) -> str | None:
    """The filter's object as the user reads it, or None for one the user does not see."""
    if reference.object_id is None:
        return str(ALL_OF_KIND[reference.kind])
    obj = targets.load(user, reference)
    return targets.label(obj) if obj is not None else None


def has_documents(user: User, obj: object, role: EventRole | None = None) -> bool:
    return bool(documents_of(user, obj, role))
