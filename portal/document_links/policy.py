"""Who sees that a document belongs to an object, and who may attach a document to one.

A link is seen by those who see both the document and the object: the document's own scope
decides who learns that it exists, so an object's page never shows, names or counts a
document its reader may not see. Linking follows the parties of the object:

* a placement's documents are shared by one of its two parties, with the other one only —
  even by a party that has withdrawn, for the placements under way: it finishes them — and
  are seen only by those who see the placement;
* an event's agenda and minutes by the organiser's coordinators, with the invited parties;
* a learning-environment report's signed copy by the coordinators who keep the report.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from portal.annual_calendar.models import Event
from portal.annual_calendar.policy import RECORD
from portal.auth.models import Role, User
from portal.catalogue.models import LearningEnvironment
from portal.core.authz import EDIT, VIEW, Policy, can, policy, scope
from portal.document_links.models import DocumentLink
from portal.documents.models import Document
from portal.documents.policy import (
    kept_for_withdrawn,
    may_share,
    narrowed_by,
    visible_document_ids,
)
from portal.placements.models import Placement, PlacementStatus

# A withdrawn party starts nothing new — not even an agreed period — but finishes those under
# way: their documents, up to the last ones after the end, are still shared.
FINISHED_BY_A_WITHDRAWN_PARTY = frozenset(
    {PlacementStatus.ONGOING, PlacementStatus.COMPLETED, PlacementStatus.INTERRUPTED}
)


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


@kept_for_withdrawn
def documents_of_placements_finished(user: User) -> ColumnElement[bool]:
    """A withdrawn party still reads what is shared on the placements it is finishing."""
    finished = sa.select(Placement.id).where(
        scope(Placement, user),
        Placement.status.in_(FINISHED_BY_A_WITHDRAWN_PARTY),
        sa.or_(
            Placement.sender_party_id == user.party_id,
            Placement.receiver_party_id == user.party_id,
        ),
    )
    return Document.id.in_(
        sa.select(DocumentLink.document_id).where(DocumentLink.placement_id.in_(finished))
    )


@narrowed_by
def documents_of_placements_seen(user: User) -> ColumnElement[bool]:
    """A placement's documents are for those who see the placement: its team and the
    parties' coordinators (need to know), whatever the document's classification."""
    of_placements = sa.select(DocumentLink.document_id).where(
        DocumentLink.placement_id.is_not(None)
    )
    seen = sa.select(DocumentLink.document_id).where(
        DocumentLink.placement_id.in_(_ids(Placement, user))
    )
    return sa.or_(Document.id.not_in(of_placements), Document.id.in_(seen))


@policy
class DocumentLinkPolicy(Policy[DocumentLink]):
    model = DocumentLink

    def scope(self, user: User) -> ColumnElement[bool]:
        return link_scope(user)

    def permits(self, user: User, action: str, obj: DocumentLink) -> bool:
        return action == VIEW


def finishes(user: User, placement: Placement) -> bool:
    """Is the user's party a withdrawn one that still finishes this placement of its own?"""
    party = user.party
    return (
        user.role != Role.ADMIN
        and party is not None
        and party.is_party
        and party.is_withdrawn()
        and placement.involves(party.id)
        and placement.status in FINISHED_BY_A_WITHDRAWN_PARTY
    )


def may_attach(user: User, obj: object) -> bool:
    """May the user share a document that belongs to ``obj`` (an object they can see)?"""
    if isinstance(obj, Placement):
        return (
            can(VIEW, obj, user)
            and obj.involves(user.party_id)
            and (may_share(user) or finishes(user, obj))
        )
    if not may_share(user):
        return False
    if isinstance(obj, Event):
        return can(RECORD, obj, user) and not obj.is_cancelled
    if isinstance(obj, LearningEnvironment):
        return can(EDIT, obj, user)
    return False
