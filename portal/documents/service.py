"""Rules of document exchange (DESIGN §2.4; the agreement's section on confidentiality).

* Only a party shares documents; a withdrawn party starts nothing new, and a supporting
  organisation is never a recipient.
* A confidential or secret document names at least one recipient party; a secret one gives
  its legal basis. The recipients' coordinators (and staff, when allowed) are told.
* Disclosure to a third party: see ``disclosure.py``.
* Checking an upload and recording it as a version: see ``files.py``; reading and
  downloading: see ``downloads.py``.
* Deleting hides the document from everyone at once; the record and access log remain and
  the bytes are purged after the retention period.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from flask import url_for
from flask_babel import lazy_gettext as _l

from portal.auth.models import Role, User
from portal.core import audit
from portal.core.dates import today
from portal.core.errors import DomainError, TransitionNotAllowed
from portal.core.models import utcnow
from portal.documents.files import new_version
from portal.documents.models import Classification, Document, DocumentVersion
from portal.documents.policy import is_owner_member, is_sealed, may_share
from portal.documents.uploads import StoredUpload
from portal.extensions import db
from portal.notifications import kinds
from portal.notifications.service import notify
from portal.parties.models import Party
from portal.parties.service import active_parties

audit.name_events(
    {
        "document.create": _l("Document shared"),
        "document.version": _l("New version of a document"),
        "document.update": _l("Document title or description corrected"),
        "document.delete": _l("Document deleted"),
    },
    targets={"Document": _l("Document")},
    details={
        "classification": _l("Confidentiality"),
        "recipients": _l("Recipients"),
        "number": _l("Version"),
        "title": _l("Document title"),
    },
)

DOCUMENT_SHARED = kinds.register(
    "document.shared",
    _l("%(party)s shared the document “%(title)s” with your party."),
    label=_l("A document shared with your party"),
    mail_message=_l("%(party)s shared a confidential document with your party."),
)
DOCUMENT_NEW_VERSION = kinds.register(
    "document.new_version",
    _l("%(party)s added a new version of the document “%(title)s”."),
    label=_l("A new version of a shared document"),
    mail_message=_l("%(party)s added a new version of a confidential document."),
)


@dataclass
class DocumentDetails:
    title: str
    classification: Classification
    description: str = ""
    legal_basis: str = ""
    secret_until: date | None = None
    recipient_ids: list[int] = field(default_factory=list)
    staff_may_see: bool = False


# --- Queries --------------------------------------------------------------------------------


def recipient_choices(user: User) -> list[Party]:
    """Active parties other than the user's own; supporting organisations receive nothing."""
    return [p for p in active_parties() if p.is_party and p.id != user.party_id]


# --- Changes --------------------------------------------------------------------------------


def _check_details(actor: User, details: DocumentDetails, finishing: bool) -> list[Party]:
    if not (may_share(actor) or finishing):
        if actor.party is not None and actor.party.is_withdrawn():
            raise DomainError(
                _l(
                    "Your organisation has withdrawn from the agreement: it shares only the "
                    "documents of the placements it finishes. Choose the placement the document "
                    "belongs to."
                ),
                field="belongs_to",
            )
        raise DomainError(_l("Only the people of an active party can share documents."))
    allowed = {p.id: p for p in recipient_choices(actor)}
    unknown = [i for i in details.recipient_ids if i not in allowed]
    if unknown:
        raise DomainError(
            _l("Choose recipients among the active parties of the agreement."), field="recipients"
        )
    recipients = [allowed[i] for i in details.recipient_ids]
    if details.classification.is_restricted and not recipients:
        raise DomainError(
            _l("Choose at least one recipient party for a confidential or secret document."),
            field="recipients",
        )
    if details.classification == Classification.SECRET:
        if not details.legal_basis.strip():
            raise DomainError(
                _l("Give the legal basis of secrecy, e.g. JulkL 24 § 1 mom 25 k."),
                field="legal_basis",
            )
        if details.secret_until is not None and details.secret_until <= today():
            raise DomainError(
                _l("The date when secrecy ends must be in the future."), field="secret_until"
            )
    return recipients


def _insert(
    actor: User,
    owner: Party,
    details: DocumentDetails,
    recipients: list[Party],
    upload: StoredUpload,
) -> Document:
    secret = details.classification == Classification.SECRET
    document = Document(
        owner_party_id=owner.id,
        title=details.title,
        description=details.description,
        classification=details.classification,
        legal_basis=details.legal_basis.strip() if secret else "",
        secret_until=details.secret_until if secret else None,
        staff_may_see=details.staff_may_see,
        created_by_id=actor.id,
        recipients=recipients,
    )
    db.session.add(document)
    new_version(actor, document, upload, 1)
    db.session.flush()
    audit.record(
        "document.create",
        actor=actor,
        target=document,
        classification=document.classification.value,
        recipients=[p.id for p in recipients],
    )
    return document


def create_document(
    actor: User,
    details: DocumentDetails,
    upload: StoredUpload,
    *,
    finishing: bool = False,
    announce: bool = True,
) -> Document:
    """Share a document of the actor's party.

    ``finishing``: the actor's party has withdrawn and shares a document of a placement it
    still finishes, as the caller has checked (``portal.document_links.policy.finishes``).
    ``announce=False``: the caller tells the recipients itself, in words of its own (a
    competence certificate issued), so they are not told twice.
    """
    recipients = _check_details(actor, details, finishing)
    assert actor.party is not None
    document = _insert(actor, actor.party, details, recipients, upload)
    if announce:
        _tell_readers(document, DOCUMENT_SHARED, actor.party)
    return document


def file_for_party(
    actor: User, owner: Party, details: DocumentDetails, upload: StoredUpload
) -> Document:
    """File a document the administrator received for a party, such as its written notice of
    withdrawal: owned by that party, named to no recipient, not announced."""
    if not actor.is_admin:
        raise DomainError(_l("Only the portal administrator files documents for a party."))
    if details.classification.is_restricted or details.recipient_ids:
        raise DomainError(_l("A document filed for a party is public or internal."))
    return _insert(actor, owner, details, [], upload)


def add_version(actor: User, document: Document, upload: StoredUpload) -> DocumentVersion:
    if not is_owner_member(actor, document) or not may_share(actor):
        raise DomainError(_l("Only the people of the owner party add versions."))
    if is_sealed(document):
        raise DomainError(_l("This document is kept as it was made: it takes no new versions."))
    number = (
        db.session.scalar(
            sa.select(sa.func.max(DocumentVersion.number)).where(
                DocumentVersion.document_id == document.id
            )
        )
        or 0
    ) + 1
    version = new_version(actor, document, upload, number)
    db.session.flush()
    audit.record("document.version", actor=actor, target=document, number=number)
    assert actor.party is not None
    _tell_readers(document, DOCUMENT_NEW_VERSION, actor.party)
    return version


def _readers_to_tell(document: Document) -> list[User]:
    """The recipients' coordinators, and their staff when the owner allows it."""
    ids = [p.id for p in document.recipients]
    if not ids:
        return []
    roles = [Role.COORDINATOR, Role.STAFF] if document.staff_may_see else [Role.COORDINATOR]
    stmt = sa.select(User).where(
        User.party_id.in_(ids), User.role.in_(roles), User.active.is_(True)
    )
    return list(db.session.scalars(stmt))


def _tell_readers(document: Document, kind: kinds.NotificationKind, party: Party) -> None:
    """Tell the readers that ``party`` shared the document or added a version of it."""
    notify(
        _readers_to_tell(document),
        kind,
        link=url_for("documents.detail", document_id=document.id),
        confidential=document.classification.is_restricted,
        party=party.name,
        title=document.title,
    )


def update_details(actor: User, document: Document, title: str, description: str) -> bool:
    """Correct the document's title and description; True if anything changed.

    Its mark, recipients and versions stay as shared: a change of who may read it is a new
    document, not an edit.
    """
    if not is_owner_member(actor, document) or actor.is_admin:
        raise DomainError(_l("Only the people of the owner party edit the document."))
    if document.deleted_at is not None:
        raise TransitionNotAllowed(_l("The document has been deleted."))
    title, description = title.strip(), description.strip()
    if not title:
        raise DomainError(_l("Enter the document's title."), field="title")
    if (title, description) == (document.title, document.description):
        return False
    audit.record("document.update", actor=actor, target=document, old=document.title, new=title)
    document.title, document.description = title, description
    return True


def delete_document(actor: User, document: Document) -> None:
    if document.deleted_at is not None:
        raise TransitionNotAllowed(_l("The document has already been deleted."))
    document.deleted_at = utcnow()
    document.deleted_by_id = actor.id
    audit.record("document.delete", actor=actor, target=document, title=document.title)
