"""Who sees that a document belongs to an object, and who may attach a document to one.

A link is seen by those who see both the document and the object: the document's own scope
decides who learns that it exists, so an object's page never shows, names or counts a
document its reader may not see. Linking follows the parties of the object:

* a placement's documents are shared by one of its two parties, with the other one only;
* an event's agenda and minutes by the organiser's coordinators, with the invited parties;
* a learning-environment report's signed copy by the coordinators who keep the report.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from portal.annual_calendar.models import Event
from portal.annual_calendar.policy import RECORD
from portal.auth.models import User
from portal.catalogue.models import LearningEnvironment
from portal.core.authz import EDIT, VIEW, Policy, can, policy, scope
from portal.document_links.models import DocumentLink
from portal.documents.policy import visible_document_ids
from portal.documents.service import may_share
from portal.placements.models import Placement


def _ids(model: type[Any], user: User) -> sa.Select[Any]:
    return sa.select(model.id).where(scope(model, user))


def link_scope(user: User) -> ColumnElement[bool]:
    """Links whose document and object the user both sees (every party is seen by all)."""
    return sa.and_(
        DocumentLink.document_id.in_(visible_document_ids(user)),
        sa.or_(
            DocumentLink.placement_id.in_(_ids(Placement, user)),
            DocumentLink.event_id.in_(_ids(Event, user)),
            DocumentLink.environment_id.in_(_ids(LearningEnvironment, user)),
            DocumentLink.withdrawal_party_id.is_not(None),
        ),
    )


@policy
class DocumentLinkPolicy(Policy[DocumentLink]):
    model = DocumentLink

    def scope(self, user: User) -> ColumnElement[bool]:
        return link_scope(user)

    def permits(self, user: User, action: str, obj: DocumentLink) -> bool:
        return action == VIEW


def may_attach(user: User, obj: object) -> bool:
    """May the user share a document that belongs to ``obj`` (an object they can see)?"""
    if not may_share(user):
        return False
    if isinstance(obj, Placement):
        return can(VIEW, obj, user) and obj.involves(user.party_id)
    if isinstance(obj, Event):
        return can(RECORD, obj, user) and not obj.is_cancelled
    if isinstance(obj, LearningEnvironment):
        return can(EDIT, obj, user)
    return False
