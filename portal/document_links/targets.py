"""The object a document is to belong to: found through the user's scope, named and linked.

In forms and addresses an object is written ``kind:id`` (``placement:12``, ``event:5``,
``report:3``); the event's role travels in a field of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask import url_for
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from portal.annual_calendar.models import Event
from portal.auth.models import User
from portal.catalogue.models import LearningEnvironment
from portal.core.authz import scope, visible
from portal.core.i18n import local_date
from portal.core.params import parse_int
from portal.document_links.labels import EVENT_ROLE_NAMES
from portal.document_links.models import OBJECT_COLUMNS, DocumentLink, EventRole, LinkKind
from portal.extensions import db
from portal.parties.models import Party, Unit
from portal.placements.labels import DIRECTION_LABELS
from portal.placements.models import Placement

MODELS: dict[LinkKind, type[Any]] = {
    LinkKind.PLACEMENT: Placement,
    LinkKind.EVENT: Event,
    LinkKind.REPORT: LearningEnvironment,
    LinkKind.WITHDRAWAL: Party,
}

# Kinds a person chooses in the upload form; a notice of withdrawal is filed by the
# administrator with the withdrawal itself.
CHOOSABLE = (LinkKind.PLACEMENT, LinkKind.EVENT, LinkKind.REPORT)


@dataclass(frozen=True)
class Reference:
    """``kind:id`` as written in a form or an address, not yet looked up."""

    kind: LinkKind
    object_id: int | None = None

    @classmethod
    def parse(
        cls, value: str | None, kinds: tuple[LinkKind, ...] = tuple(LinkKind)
    ) -> Reference | None:
        kind_value, _sep, id_value = (value or "").partition(":")
        if kind_value not in {k.value for k in kinds}:
            return None
        if not id_value:
            return cls(LinkKind(kind_value))
        object_id = parse_int(id_value, minimum=1)
        if object_id is None:
            return None
        return cls(LinkKind(kind_value), object_id)

    def __str__(self) -> str:
        return self.kind.value if self.object_id is None else f"{self.kind.value}:{self.object_id}"


@dataclass
class LinkTarget:
    kind: LinkKind
    obj: Any
    role: EventRole | None = None

    def __post_init__(self) -> None:
        # Only an event's documents have a role.
        if self.kind != LinkKind.EVENT:
            self.role = None

    @property
    def value(self) -> str:
        return f"{self.kind.value}:{self.obj.id}"

    def columns(self) -> dict[str, Any]:
        """The link row's columns for this object."""
        values: dict[str, Any] = {OBJECT_COLUMNS[self.kind]: self.obj.id}
        if self.kind == LinkKind.EVENT:
            values["event_role"] = self.role
        return values


def kind_of(obj: object) -> LinkKind | None:
    return next((kind for kind, model in MODELS.items() if isinstance(obj, model)), None)


def load(user: User, reference: Reference) -> Any | None:
    """The object through the user's scope, or None if it does not exist for them."""
    if reference.object_id is None:
        return None
    model = MODELS[reference.kind]
    options = []
    if model is LearningEnvironment:
        options.append(selectinload(LearningEnvironment.unit).selectinload(Unit.party))
    stmt = visible(model, user).where(model.id == reference.object_id).options(*options)
    return db.session.scalars(stmt).first()


def parse_role(value: str | None) -> EventRole | None:
    if value is None or value not in EventRole.__members__.values():
        return None
    return EventRole(value)


def label(obj: object) -> str:
    """The object's name in the reader's language, e.g. "Workshop period: LUOVI-2026-031"."""
    if isinstance(obj, Placement):
        return f"{DIRECTION_LABELS[obj.direction]}: {obj.reference}"
    if isinstance(obj, Event):
        return f"{obj.title}, {local_date(obj.start_date)}"
    if isinstance(obj, LearningEnvironment):
        return _(
            "Learning-environment report: %(unit)s, %(party)s",
            unit=obj.unit.name,
            party=obj.unit.party.name,
        )
    if isinstance(obj, Party):
        return _("Withdrawal of %(party)s", party=obj.name)
    raise TypeError(f"documents do not belong to {type(obj).__name__}")


def page_url(obj: object, role: EventRole | None = None) -> str:
    """The object's own page, at its documents."""
    if isinstance(obj, Placement):
        return url_for("placements.detail", placement_id=obj.id, _anchor="documents")
    if isinstance(obj, Event):
        anchor = f"{(role or EventRole.OTHER).value}-documents"
        return url_for("annual_calendar.detail", event_id=obj.id, _anchor=anchor)
    if isinstance(obj, LearningEnvironment):
        return url_for("catalogue.detail", report_id=obj.id, _anchor="signed-report")
    if isinstance(obj, Party):
        return url_for("parties.detail", party_id=obj.id)
    raise TypeError(f"documents do not belong to {type(obj).__name__}")


def share_url(obj: object, role: EventRole | None = None) -> str:
    """The upload form, filled in for a document of ``obj``, that returns to its page."""
    kind = kind_of(obj)
    assert kind is not None
    args: dict[str, Any] = {"link": f"{kind.value}:{obj.id}"}  # type: ignore[attr-defined]
    if role is not None:
        args["role"] = role.value
    return url_for("documents.create", next=page_url(obj, role), **args)


@dataclass
class LinkView:
    """What a document's page says about the object it belongs to."""

    label: str
    url: str
    role: str = ""


def link_of(user: User, document_id: int) -> LinkView | None:
    """The object the document belongs to, if the user sees both."""
    link = db.session.scalars(
        visible(DocumentLink, user).where(DocumentLink.document_id == document_id)
    ).first()
    if link is None:
        return None
    obj = link.linked_object
    role = str(EVENT_ROLE_NAMES[link.event_role]) if link.event_role is not None else ""
    return LinkView(label(obj), page_url(obj, link.event_role), role)


def visible_ids(user: User, kind: LinkKind) -> sa.Select[Any]:
    """``SELECT id`` of the objects of ``kind`` the user sees."""
    model = MODELS[kind]
    return sa.select(model.id).where(scope(model, user))
