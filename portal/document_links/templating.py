"""What the pages of placements, events, reports and parties ask about their documents.

These are template globals, so that each of those pages needs only an include, and the
functions connected to those features' hooks.
"""

from __future__ import annotations

from flask_login import current_user

from portal.annual_calendar.models import Event
from portal.auth.models import User
from portal.document_links import policy, queries, targets
from portal.document_links.blueprint import bp
from portal.document_links.labels import EVENT_ROLE_LABELS
from portal.document_links.models import EventRole
from portal.documents.models import Document


def _role(value: str | None) -> EventRole | None:
    return targets.parse_role(value)


@bp.app_template_global()
def linked_documents(obj: object, role: str | None = None) -> list[Document]:
    """The documents of ``obj`` (of one role at an event) that the reader may see."""
    return queries.documents_of(current_user, obj, _role(role))


@bp.app_template_global()
def may_attach_document(obj: object) -> bool:
    return policy.may_attach(current_user, obj)


@bp.app_template_global()
def share_document_url(obj: object, role: str | None = None) -> str:
    return targets.share_url(obj, _role(role))


@bp.app_template_global()
def document_belongs_to(document: Document) -> targets.LinkView | None:
    """The object the document belongs to, when the reader sees it too."""
    return targets.link_of(current_user, document.id)


@bp.app_context_processor
def _labels() -> dict[str, object]:
    return {"event_role_labels": EVENT_ROLE_LABELS}


def minutes_document_url(user: User, event: Event) -> str | None:
    """Where to share the event's minutes as a document, when the recorder may and none is
    shared yet (connected to the calendar's hook of the same name)."""
    if policy.may_attach(user, event) and not queries.has_documents(user, event, EventRole.MINUTES):
        return targets.share_url(event, EventRole.MINUTES)
    return None


def has_event_documents(user: User, event: Event, role: str) -> bool:
    """Whether the event has documents of ``role`` that ``user`` may read (connected to the
    calendar's hook of the same name)."""
    return queries.has_documents(user, event, _role(role))
