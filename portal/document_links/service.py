"""Rules of documents that belong to an object (DESIGN §2.1, §2.2, §2.4, §2.5; the guidelines).

* A document belongs to at most one object, and only to one its sharer can see and may share
  documents for (see ``policy.may_attach``).
* A placement's document is shared by one of the placement's two parties with the other one
  only, and it is confidential or secret: it concerns a vulnerable individual.
* An event's agenda, minutes and other documents are shared by the organiser's coordinators,
  with invited parties only.
* The signed copy of a learning-environment report is internal: the guidelines attach the
  reports to the agreement when it is signed, so that every party — the education providers
  above all — knows what each workshop can offer. Everyone signed in reads the catalogue
  itself; the signed copy is the parties' appendix.
* The written notice of a withdrawal belongs to the withdrawing party and is internal. The
  administrator, who belongs to no party, files it for the party with the withdrawal.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.annual_calendar.models import Event
from portal.auth.models import User
from portal.catalogue.models import LearningEnvironment
from portal.core import audit
from portal.core.errors import DomainError
from portal.document_links import policy, targets
from portal.document_links.models import DocumentLink, EventRole, LinkKind
from portal.documents import service as documents
from portal.documents.models import Classification, Document
from portal.documents.uploads import StoredUpload
from portal.extensions import db
from portal.parties.models import Party
from portal.placements.models import Placement

audit.name_events(
    {"document.link": _l("Document linked")},
    details={"kind": _l("Kind"), "object": _l("Linked to")},
)

SIGNED_REPORT_CLASSIFICATION = Classification.INTERNAL
WITHDRAWAL_NOTICE_CLASSIFICATION = Classification.INTERNAL


@dataclass
class Defaults:
    """How the upload form starts for a document of an object."""

    title: str = ""
    classification: Classification = Classification.INTERNAL
    recipient_ids: list[int] = field(default_factory=list)


def _invited_recipients(actor: User, event: Event) -> list[int]:
    allowed = {p.id for p in documents.recipient_choices(actor)}
    return [p.id for p in event.invited_parties if p.id in allowed]


def defaults(actor: User, target: targets.LinkTarget) -> Defaults:
    obj = target.obj
    if isinstance(obj, Placement):
        return Defaults(
            classification=Classification.CONFIDENTIAL,
            recipient_ids=[obj.other_party(actor.party_id).id],
        )
    if isinstance(obj, Event):
        recipients = _invited_recipients(actor, obj)
        if target.role == EventRole.AGENDA:
            return Defaults(_("Agenda: %(event)s", event=obj.title), recipient_ids=recipients)
        if target.role == EventRole.MINUTES:
            return Defaults(
                _("Minutes: %(event)s", event=obj.title),
                Classification.CONFIDENTIAL,
                recipients,
            )
        return Defaults(recipient_ids=recipients)
    if isinstance(obj, LearningEnvironment):
        return Defaults(
            _("Learning-environment report, signed: %(unit)s", unit=obj.unit.name),
            SIGNED_REPORT_CLASSIFICATION,
        )
    return Defaults()


def check(actor: User, target: targets.LinkTarget, details: documents.DocumentDetails) -> None:
    """Refuse a document that does not fit the object, beside the field that is wrong."""
    obj = target.obj
    if not policy.may_attach(actor, obj):
        raise DomainError(_l("You cannot share documents for this."), field="belongs_to")
    if isinstance(obj, Placement):
        other = obj.other_party(actor.party_id)
        if not details.classification.is_restricted:
            raise DomainError(
                _l(
                    "A placement's documents are confidential or secret: only the two parties "
                    "of the placement see them."
                ),
                field="classification",
            )
        if any(i != other.id for i in details.recipient_ids):
            raise DomainError(
                _l(
                    "A placement's documents are shared only with the other party of the "
                    "placement, %(party)s.",
                    party=other.name,
                ),
                field="recipients",
            )
    elif isinstance(obj, Event):
        if target.role is None:
            raise DomainError(
                _l("Choose whether the document is the agenda, the minutes or another document."),
                field="event_role",
            )
        invited = {p.id for p in obj.invited_parties}
        if any(i not in invited for i in details.recipient_ids):
            raise DomainError(
                _l("Choose recipients among the parties invited to the event."),
                field="recipients",
            )
    elif isinstance(obj, LearningEnvironment):
        if details.classification != SIGNED_REPORT_CLASSIFICATION:
            raise DomainError(
                _l(
                    "The signed report is internal: the guidelines attach the reports to the "
                    "agreement for every party to read."
                ),
                field="classification",
            )


def _link(actor: User, document: Document, target: targets.LinkTarget) -> DocumentLink:
    link = DocumentLink(document=document, created_by_id=actor.id, **target.columns())
    db.session.add(link)
    db.session.flush()
    audit.record(
        "document.link",
        actor=actor,
        target=document,
        kind=target.kind.value,
        object=target.obj.id,
        role=target.role.value if target.role else "",
    )
    return link


def share(
    actor: User,
    details: documents.DocumentDetails,
    upload: StoredUpload,
    target: targets.LinkTarget,
    *,
    announce: bool = True,
) -> Document:
    """Share a document that belongs to ``target``, by the rules of both (``announce``: see
    ``documents.service.create_document``)."""
    check(actor, target, details)
    finishing = isinstance(target.obj, Placement) and policy.finishes(actor, target.obj)
    document = documents.create_document(
        actor, details, upload, finishing=finishing, announce=announce
    )
    _link(actor, document, target)
    return document


def file_withdrawal_notice(actor: User, party: Party, upload: StoredUpload) -> Document:
    """File the party's written notice of withdrawal, received by the administrator."""
    details = documents.DocumentDetails(
        title=_("Written notice of withdrawal: %(party)s", party=party.name),
        classification=WITHDRAWAL_NOTICE_CLASSIFICATION,
    )
    document = documents.file_for_party(actor, party, details, upload)
    _link(actor, document, targets.LinkTarget(LinkKind.WITHDRAWAL, party))
    return document
