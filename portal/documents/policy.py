"""Who sees which document (DESIGN §2.4), as SQL conditions, and who may do what to it.

* public: everyone signed in;
* internal: everyone whose organisation is a party (a supporting organisation is not);
* confidential and secret: the owner party, and the named recipient parties — within a
  recipient its coordinators, and its other staff only when the owner allowed it.

A party that has withdrawn (DESIGN §2.1) starts nothing new: of what other parties share it
reads what they shared before its withdrawal, and what belongs to the placements it is still
finishing (offered by ``document_links`` through :func:`kept_for_withdrawn`), nothing new.
A placement's documents are seen only by those who see the placement (need to know, offered
by ``document_links`` through :func:`narrowed_by`).

A deleted document is seen by no one. The portal administrator is treated as a member of
their own party, and sees nothing confidential unless that party is a recipient. Every
version, access-log entry and disclosure request is seen only through its document.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, time
from typing import Any

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from portal.auth.models import Role, User
from portal.core.authz import VIEW, Policy, policy
from portal.core.i18n import HELSINKI
from portal.documents.extension_points import sealed
from portal.documents.models import (
    AccessLogEntry,
    Classification,
    DisclosureRequest,
    Document,
    DocumentVersion,
    document_recipient,
)

UPLOAD_VERSION = "upload_version"
EDIT_DETAILS = "edit_details"
DELETE = "delete"
READ_ACCESS_LOG = "read_access_log"
REQUEST_DISCLOSURE = "request_disclosure"
DECIDE = "decide"


def _is_recipient(user: User) -> ColumnElement[bool]:
    named = (
        sa.select(document_recipient.c.document_id)
        .where(
            document_recipient.c.document_id == Document.id,
            document_recipient.c.party_id == user.party_id,
        )
        .exists()
    )
    if user.role == Role.COORDINATOR:
        return named
    return sa.and_(named, Document.staff_may_see.is_(True))


# Conditions on Document, for a user of a withdrawn party: which documents shared after the
# withdrawal it still reads. Offered by the packages that know what the party finishes.
WithdrawnKeeps = Callable[[User], ColumnElement[bool]]
_withdrawn_keeps: list[WithdrawnKeeps] = []


def kept_for_withdrawn(condition: WithdrawnKeeps) -> WithdrawnKeeps:
    """Register what a withdrawn party still reads of what is shared after its withdrawal."""
    if condition not in _withdrawn_keeps:
        _withdrawn_keeps.append(condition)
    return condition


# Conditions on Document that narrow what anyone sees, offered by the packages that know what
# a document belongs to: a placement's documents follow the placement's need to know.
_narrowings: list[WithdrawnKeeps] = []


def narrowed_by(condition: WithdrawnKeeps) -> WithdrawnKeeps:
    """Register a condition every document a user sees must also meet."""
    if condition not in _narrowings:
        _narrowings.append(condition)
    return condition


def _shared_before_withdrawal(user: User) -> ColumnElement[bool]:
    assert user.party is not None and user.party.withdrawn_on is not None
    # The withdrawal takes effect when its day begins in Helsinki.
    cutoff = datetime.combine(user.party.withdrawn_on, time(), HELSINKI).astimezone(UTC)
    return sa.or_(
        Document.created_at < cutoff, *(condition(user) for condition in _withdrawn_keeps)
    )


def document_scope(user: User, *, need_to_know: bool = True) -> ColumnElement[bool]:
    """The documents the user may see.

    ``need_to_know=False`` leaves out the narrowings of the packages that know what a
    document belongs to; only a caller that reads the documents of one object the user has
    been found to see may, as those narrowings ask just that.
    """
    party = user.party
    if party is None or not party.is_party:
        visible = Document.classification == Classification.PUBLIC
    else:
        shared = sa.or_(
            Document.classification == Classification.INTERNAL,
            sa.and_(
                Document.classification.in_([Classification.CONFIDENTIAL, Classification.SECRET]),
                _is_recipient(user),
            ),
        )
        if party.is_withdrawn():
            shared = sa.and_(shared, _shared_before_withdrawal(user))
        visible = sa.or_(
            Document.classification == Classification.PUBLIC,
            Document.owner_party_id == party.id,
            shared,
        )
    narrowings = _narrowings if need_to_know else []
    return sa.and_(
        Document.deleted_at.is_(None), visible, *(condition(user) for condition in narrowings)
    )


def visible_document_ids(user: User) -> sa.Select[Any]:
    return sa.select(Document.id).where(document_scope(user))


def is_owner_coordinator(user: User, document: Document) -> bool:
    return user.role == Role.COORDINATOR and user.party_id == document.owner_party_id


def is_owner_member(user: User, document: Document) -> bool:
    return user.party_id is not None and user.party_id == document.owner_party_id


def is_recipient_coordinator(user: User, document: Document) -> bool:
    return user.role == Role.COORDINATOR and any(
        party.id == user.party_id for party in document.recipients
    )


def may_share(user: User) -> bool:
    """Only people of an active party (not an administrator as such) share documents."""
    party = user.party
    return (
        user.role != Role.ADMIN
        and party is not None
        and party.is_party
        and not party.is_withdrawn()
    )


def is_sealed(document: Document) -> bool:
    """Does a package above keep the document as it was made (no new versions)?"""
    return any(sealed(document))


@policy
class DocumentPolicy(Policy[Document]):
    model = Document

    def scope(self, user: User) -> ColumnElement[bool]:
        return document_scope(user)

    def permits(self, user: User, action: str, obj: Document) -> bool:
        if action == VIEW:
            return True
        if action == UPLOAD_VERSION:
            return is_owner_member(user, obj) and user.role != Role.ADMIN and not is_sealed(obj)
        if action == EDIT_DETAILS:
            return is_owner_member(user, obj) and user.role != Role.ADMIN
        if action in (DELETE, READ_ACCESS_LOG, DECIDE):
            return is_owner_coordinator(user, obj)
        if action == REQUEST_DISCLOSURE:
            return obj.classification.is_restricted and is_recipient_coordinator(user, obj)
        return False


@policy
class DocumentVersionPolicy(Policy[DocumentVersion]):
    model = DocumentVersion

    def scope(self, user: User) -> ColumnElement[bool]:
        return sa.and_(
            DocumentVersion.document_id.in_(visible_document_ids(user)),
            DocumentVersion.storage_key.is_not(None),
        )

    def permits(self, user: User, action: str, obj: DocumentVersion) -> bool:
        return action == VIEW


@policy
class AccessLogPolicy(Policy[AccessLogEntry]):
    """Only the owner party's coordinators read a document's access log."""

    model = AccessLogEntry

    def scope(self, user: User) -> ColumnElement[bool]:
        if user.role != Role.COORDINATOR or user.party_id is None:
            return sa.false()
        owned = visible_document_ids(user).where(Document.owner_party_id == user.party_id)
        return AccessLogEntry.document_id.in_(owned)

    def permits(self, user: User, action: str, obj: AccessLogEntry) -> bool:
        return action == VIEW


@policy
class DisclosureRequestPolicy(Policy[DisclosureRequest]):
    """The owner's coordinators see every request; a recipient's coordinators see their own."""

    model = DisclosureRequest

    def scope(self, user: User) -> ColumnElement[bool]:
        if user.role != Role.COORDINATOR or user.party_id is None:
            return sa.false()
        return sa.and_(
            DisclosureRequest.document_id.in_(visible_document_ids(user)),
            sa.or_(
                DisclosureRequest.requester_party_id == user.party_id,
                DisclosureRequest.document_id.in_(
                    sa.select(Document.id).where(Document.owner_party_id == user.party_id)
                ),
            ),
        )

    def permits(self, user: User, action: str, obj: DisclosureRequest) -> bool:
        if action == VIEW:
            return True
        if action == DECIDE:
            return is_owner_coordinator(user, obj.document)
        return False
