"""The education provider's record of a certificate: per unit, what it recognised
(*tunnusti*) in the student's HOKS and what remains to be completed.

As the other services: the acting user is checked by the policy, rows are changed and only
flushed, the view commits once; a refusal is a ``DomainError`` beside its field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l

from portal.auth.models import User
from portal.certificates.models import Certificate, Recognition
from portal.certificates.policy import may_record_recognition
from portal.certificates.service import TEXT_LENGTH
from portal.core import audit
from portal.core.dates import today
from portal.core.errors import DomainError, NotPermitted
from portal.core.models import utcnow
from portal.extensions import db
from portal.notifications import kinds
from portal.placements import steps
from portal.placements.models import StepKind

RECOGNITION_RECORDED = kinds.register(
    "certificate.recognition",
    _l("%(party)s recorded what it recognised of the competence certificate of %(reference)s."),
    label=_l("The recognition of a competence certificate"),
)


@dataclass
class UnitRecognition:
    recognition: Recognition | None
    remaining: str = ""


@dataclass
class RecognitionDraft:
    on: date
    units: dict[int, UnitRecognition] = field(default_factory=dict)


def record_recognition(
    actor: User, certificate: Certificate, draft: RecognitionDraft
) -> Certificate:
    """The provider's record of what it recognised in the HOKS and what remains, per unit."""
    if not may_record_recognition(actor, certificate):
        raise NotPermitted(
            _l("Only the education provider records what was recognised of the certificate.")
        )
    if draft.on > today():
        raise DomainError(_l("The date cannot be in the future."), field="recognised_on")
    if draft.on < certificate.issued_on:
        raise DomainError(
            _l("The date cannot be before the certificate was issued."), field="recognised_on"
        )
    for unit_id, entry in draft.units.items():
        if len(entry.remaining) > TEXT_LENGTH:
            raise DomainError(
                _l("Keep it within %(max)d characters.", max=TEXT_LENGTH),
                field=f"unit-{unit_id}",
            )
    if all(entry.recognition is None for entry in draft.units.values()):
        raise DomainError(
            _l("Record the recognition of at least one qualification unit."), field="units"
        )
    for unit in certificate.units:
        if unit.id in draft.units:
            given = draft.units[unit.id]
            unit.recognition = given.recognition
            unit.remaining = given.remaining.strip()
    certificate.recognised_on = draft.on
    certificate.recognised_by_name = actor.name
    certificate.recognition_recorded_at = utcnow()
    db.session.flush()
    placement = certificate.placement
    steps.record_step(placement, actor, StepKind.CERTIFICATE_RECOGNITION)
    audit.record("certificate.recognition", actor=actor, target=certificate)
    steps.tell_other_party(actor, placement, RECOGNITION_RECORDED)
    return certificate
