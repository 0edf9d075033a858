"""Who issues, reads and records the recognition of competence certificates (DESIGN §2.7).

* Read: a certificate is one of the placement's confidential documents, shared by the
  workshop with the education provider (its staff too). It is read exactly by those who see
  both the placement and that document: the two parties' people on the team and their
  coordinators. A third party's person on the team (a social worker by consent) sees the
  placement, not its confidential documents, so not the certificate either.
* Issue: the workshop's side — its coordinators, and the trainee's job coach on the team —
  at the end of a workshop period, or for a trainee moving to studies.
* Recognition: the education provider's side — its coordinators and its people on the team
  — records what was recognised in the HOKS.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from portal.auth.models import User
from portal.certificates.models import Certificate
from portal.core.authz import VIEW, Policy, policy, scope
from portal.document_links.policy import may_attach
from portal.documents.models import Document
from portal.extensions import db
from portal.placements.enums import Direction, PlacementStatus, TeamRole
from portal.placements.models import Placement
from portal.placements.policy import membership, placement_scope, sees

RECORD_RECOGNITION = "record_recognition"

# A workshop period's certificate is issued as it ends or after; a trainee moving to studies
# gets one once the study place is accepted.
ISSUABLE = {
    Direction.TO_WORKSHOP: frozenset(
        {PlacementStatus.ONGOING, PlacementStatus.COMPLETED, PlacementStatus.INTERRUPTED}
    ),
    Direction.TO_STUDIES: frozenset(
        {
            PlacementStatus.ACCEPTED,
            PlacementStatus.AGREED,
            PlacementStatus.ONGOING,
            PlacementStatus.COMPLETED,
        }
    ),
}


def certificate_scope(user: User) -> ColumnElement[bool]:
    """The certificates whose placement and PDF the user both sees."""
    return sa.and_(
        Certificate.placement_id.in_(sa.select(Placement.id).where(placement_scope(user))),
        Certificate.document_id.in_(sa.select(Document.id).where(scope(Document, user))),
    )


def _own_member(user: User, placement: Placement, roles: tuple[TeamRole, ...] = ()) -> bool:
    member = membership(user, placement)
    if member is None or member.consent_id is not None:
        return False
    return not roles or member.role in roles


def may_issue(user: User, placement: Placement) -> bool:
    """The workshop's coordinators and the trainee's job coach, in a state that allows it."""
    return placement.status in ISSUABLE[placement.direction] and issues_for(user, placement)


def issues_for(user: User, placement: Placement) -> bool:
    """Is the user one who issues the placement's certificates, whatever its state?"""
    if user.party_id != placement.workshop.id or not sees(user, placement):
        return False
    # Sharing the PDF as the placement's document: an active workshop, or a withdrawn one
    # finishing this placement.
    if not may_attach(user, placement):
        return False
    return user.is_coordinator or _own_member(user, placement, (TeamRole.JOB_COACH,))


def may_record_recognition(user: User, certificate: Certificate) -> bool:
    placement = certificate.placement
    if user.party_id != placement.provider.id or not sees(user, placement):
        return False
    return user.is_coordinator or _own_member(user, placement)


def is_certificate_pdf(document: Document) -> bool:
    """A certificate's PDF stays as issued: its hash is what the verification checks
    (connected to the documents' ``sealed`` hook)."""
    stmt = sa.select(Certificate.id).where(Certificate.document_id == document.id)
    return db.session.scalar(stmt) is not None


@policy
class CertificatePolicy(Policy[Certificate]):
    model = Certificate

    def scope(self, user: User) -> ColumnElement[bool]:
        return certificate_scope(user)

    def permits(self, user: User, action: str, obj: Certificate) -> bool:
        if action == VIEW:
            return True
        if action == RECORD_RECOGNITION:
            return may_record_recognition(user, obj)
        return False
