"""Disclosure to a third party (the agreement's section on confidentiality).

Information marked confidential may be handed to a third party only with the owner's prior
written permission, asked separately for each disclosure: a recipient party's coordinator
asks, the owner's coordinator grants or refuses it in writing, and the decision is final.
"""

from __future__ import annotations

import enum

from flask import url_for
from flask_babel import lazy_gettext as _l

from portal.auth.models import User
from portal.core import audit
from portal.core.errors import DomainError, TransitionNotAllowed
from portal.core.models import utcnow
from portal.core.transitions import Transition, leads_to, states
from portal.documents.models import DisclosureRequest, DisclosureStatus, Document, DocumentVersion
from portal.documents.policy import is_recipient_coordinator
from portal.extensions import db
from portal.notifications import kinds
from portal.notifications.service import notify
from portal.parties.service import coordinators_of

audit.name_events(
    {
        "document.disclosure_request": _l("Permission to disclose asked for"),
        "document.disclosure_decide": _l("Permission to disclose decided"),
    },
    targets={"DisclosureRequest": _l("Disclosure request")},
    details={"document": _l("Document"), "outcome": _l("Decision")},
)

DISCLOSURE_REQUESTED = kinds.register(
    "document.disclosure_requested",
    _l("%(party)s asks permission to disclose “%(title)s” to %(third_party)s."),
    label=_l("A request for permission to disclose your document"),
    mail_message=_l("%(party)s asks permission to disclose a confidential document."),
)
DISCLOSURE_GRANTED = kinds.register(
    "document.disclosure_granted",
    _l("Permission granted to disclose “%(title)s” to %(third_party)s."),
    label=_l("A disclosure permission granted"),
    mail_message=_l("Permission granted to disclose a confidential document."),
)
DISCLOSURE_REFUSED = kinds.register(
    "document.disclosure_refused",
    _l("Permission refused to disclose “%(title)s” to %(third_party)s."),
    label=_l("A disclosure permission refused"),
    mail_message=_l("Permission refused to disclose a confidential document."),
)


class Decision(enum.StrEnum):
    GRANT = "grant"
    REFUSE = "refuse"


# The owner decides a pending request once: the decision is final.
RULES: dict[Decision, Transition[DisclosureStatus]] = {
    Decision.GRANT: Transition(states(DisclosureStatus.PENDING), DisclosureStatus.GRANTED),
    Decision.REFUSE: Transition(states(DisclosureStatus.PENDING), DisclosureStatus.REFUSED),
}


def request_disclosure(
    actor: User,
    document: Document,
    version: DocumentVersion,
    *,
    third_party: str,
    purpose: str,
    scope: str,
) -> DisclosureRequest:
    if not document.classification.is_restricted:
        raise DomainError(_l("Only confidential and secret documents need permission."))
    if not is_recipient_coordinator(actor, document):
        raise DomainError(_l("Only a recipient party's coordinator asks for permission."))
    if version.document_id != document.id or version.storage_key is None:
        raise DomainError(_l("Choose a version of this document."), field="version")
    assert actor.party is not None
    disclosure = DisclosureRequest(
        document_id=document.id,
        version_id=version.id,
        requester_party_id=actor.party.id,
        requested_by_id=actor.id,
        third_party=third_party,
        purpose=purpose,
        scope=scope,
    )
    db.session.add(disclosure)
    db.session.flush()
    audit.record(
        "document.disclosure_request", actor=actor, target=disclosure, document=document.id
    )
    notify(
        coordinators_of([document.owner_party_id]),
        DISCLOSURE_REQUESTED,
        link=url_for("documents.decide", document_id=document.id, request_id=disclosure.id),
        # Only confidential and secret documents are asked about.
        confidential=True,
        party=actor.party.name,
        title=document.title,
        third_party=third_party,
    )
    return disclosure


def decide(
    actor: User, disclosure: DisclosureRequest, outcome: DisclosureStatus, decision: str
) -> None:
    """Grant or refuse in writing; the decision is final."""
    if not leads_to(RULES, disclosure.status, outcome):
        raise TransitionNotAllowed(_l("The request has already been decided."))
    if not decision.strip():
        raise DomainError(
            _l("Write the decision: its conditions or its reasons."), field="decision"
        )
    disclosure.status = outcome
    disclosure.decision = decision
    disclosure.decided_by_id = actor.id
    disclosure.decided_at = utcnow()
    audit.record(
        "document.disclosure_decide", actor=actor, target=disclosure, outcome=outcome.value
    )
    kind = DISCLOSURE_GRANTED if outcome == DisclosureStatus.GRANTED else DISCLOSURE_REFUSED
    notify(
        [disclosure.requested_by],
        kind,
        link=url_for("documents.detail", document_id=disclosure.document_id),
        confidential=True,
        title=disclosure.document.title,
        third_party=disclosure.third_party,
    )
