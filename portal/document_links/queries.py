"""Documents of an object, and the documents list's filter by what a document belongs to.

Every query starts from the documents the user may see and the objects the user may see, so
an object's page, the filter's choices and the counts never reveal a document, or an object,
that the user may not see.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload
from sqlalchemy.sql.elements import ColumnElement

from portal.annual_calendar.models import Event
from portal.auth.models import User
from portal.catalogue.models import LearningEnvironment
from portal.core.authz import scope, visible
from portal.document_links import targets
from portal.document_links.labels import ALL_OF_KIND, KIND_LABELS
from portal.document_links.models import OBJECT_COLUMNS, DocumentLink, EventRole, LinkKind
from portal.documents.models import Document
from portal.extensions import db
from portal.parties.models import Party
from portal.placements.models import Placement


def documents_of(user: User, obj: object, role: EventRole | None = None) -> list[Document]:
    """The documents of ``obj`` that the user may see, newest first."""
    kind = targets.kind_of(obj)
    if kind is None:
        return []
    column = getattr(DocumentLink, OBJECT_COLUMNS[kind])
    links = sa.select(DocumentLink.document_id).where(
        scope(DocumentLink, user),
        column == obj.id,  # type: ignore[attr-defined]
    )
    if role is not None:
        links = links.where(DocumentLink.event_role == role)
    stmt = (
        visible(Document, user)
        .where(Document.id.in_(links))
        .options(selectinload(Document.versions), selectinload(Document.owner))
        .order_by(Document.created_at.desc(), Document.id.desc())
    )
    return list(db.session.scalars(stmt))


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


@dataclass
class FilterGroup:
    label: str
    choices: list[FilterChoice]


def filter_choices(user: User) -> list[FilterGroup]:
    """Per kind: "any", then each object the user sees that has a document the user sees."""
    groups = []
    visible_links = visible(DocumentLink, user)
    for kind in LinkKind:
        model = targets.MODELS[kind]
        column = getattr(DocumentLink, OBJECT_COLUMNS[kind])
        with_documents = visible_links.with_only_columns(column).where(column.is_not(None))
        stmt: sa.Select[Any] = (
            visible(model, user).where(model.id.in_(with_documents)).order_by(*ORDER[kind])
        )
        objects = list(db.session.scalars(stmt))
        if not objects:
            continue
        choices = [FilterChoice(str(targets.Reference(kind)), str(ALL_OF_KIND[kind]))]
        choices += [
            FilterChoice(str(targets.Reference(kind, o.id)), targets.label(o)) for o in objects
        ]
        groups.append(FilterGroup(str(KIND_LABELS[kind]), choices))
    return groups


def has_documents(user: User, obj: object, role: EventRole | None = None) -> bool:
    return bool(documents_of(user, obj, role))
