"""Issuing a competence certificate (the provider's record of recognition: ``recognition``).

Every function takes the acting user, checks what the policy allows, changes rows and only
flushes; the view commits once (``core.lifecycle.changes``). A refusal is a ``DomainError``,
beside the form's field where one is concerned. Nothing is stored before every rule has
accepted the certificate.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.auth.models import User
from portal.certificates import pdf, sources
from portal.certificates.codes import display_code, new_code
from portal.certificates.models import Certificate, CertificateUnit
from portal.certificates.policy import may_issue
from portal.core import audit
from portal.core.dates import today
from portal.core.errors import DomainError, NotPermitted
from portal.core.storage import get_storage
from portal.document_links import service as document_links
from portal.document_links.models import LinkKind
from portal.document_links.targets import LinkTarget
from portal.documents import service as documents
from portal.documents.files import discard_stored
from portal.documents.filetypes import PDF
from portal.documents.models import Classification, Document
from portal.documents.uploads import StoredUpload
from portal.extensions import db
from portal.notifications import kinds
from portal.notifications.service import notify
from portal.parties.service import coordinators_of
from portal.placements import steps
from portal.placements.models import Placement, StepKind

audit.name_events(
    {
        "certificate.issue": _l("Competence certificate issued"),
        "certificate.recognition": _l("Recognition of a competence certificate recorded"),
        "certificate.verify": _l("Competence certificate verified"),
    },
    targets={"Certificate": _l("Competence certificate")},
    details={"units": _l("Qualification units"), "unaltered": _l("File unaltered")},
)

ISSUED = kinds.register(
    "certificate.issued",
    _l("%(party)s issued a competence certificate for placement %(reference)s."),
    label=_l("A competence certificate issued"),
)
TEXT_LENGTH = 2000
LINE_LENGTH = 200
MOST_HOURS = Decimal("99999")


@dataclass
class UnitDraft:
    key: str
    skills: str
    how_shown: str


@dataclass
class Draft:
    """What the issuer fills in."""

    units: list[UnitDraft]
    period_start: date
    period_end: date
    hours: Decimal | None
    assessed_by: str
    signer_title: str = ""


# The units chosen, each with what the issuer wrote of it, in the draft's order.
Chosen = list[tuple[sources.Candidate, UnitDraft]]


def _check_length(value: str, field_name: str, length: int = TEXT_LENGTH) -> None:
    if len(value) > length:
        raise DomainError(_l("Keep it within %(max)d characters.", max=length), field=field_name)


def _check(placement: Placement, draft: Draft) -> Chosen:
    offered = {c.key: c for c in sources.candidates(placement)}
    if not draft.units:
        raise DomainError(_l("Choose at least one qualification unit."), field="units")
    chosen = []
    for unit in draft.units:
        candidate = offered.get(unit.key)
        if candidate is None:
            raise DomainError(
                _l("Choose the qualification units among those offered."), field="units"
            )
        chosen.append((candidate, unit))
    if len({c.key for c, _unit in chosen}) != len(chosen):
        raise DomainError(_l("Name each qualification unit once."), field="units")
    if draft.period_end < draft.period_start:
        raise DomainError(_l("The period cannot end before it starts."), field="period_end")
    if draft.period_end > today():
        raise DomainError(
            _l("A certificate describes what was shown: the period cannot end in the future."),
            field="period_end",
        )
    if draft.hours is not None and not Decimal(0) <= draft.hours <= MOST_HOURS:
        raise DomainError(_l("Enter the hours as a number from 0 to 99999."), field="hours")
    for _candidate, unit in chosen:
        if not unit.skills.strip() or not unit.how_shown.strip():
            raise DomainError(
                _l("Describe for each unit chosen the skills shown and how they were shown."),
                field="units",
            )
        _check_length(unit.skills, "units")
        _check_length(unit.how_shown, "units")
    if not draft.assessed_by.strip():
        raise DomainError(_l("Enter who assessed the skills."), field="assessed_by")
    _check_length(draft.assessed_by, "assessed_by", 300)
    if len(draft.signer_title) > LINE_LENGTH:
        raise DomainError(
            _l("Keep it within %(max)d characters.", max=LINE_LENGTH), field="signer_title"
        )
    return chosen


def _store(data: bytes, filename: str) -> StoredUpload:
    key = get_storage().write([data])
    return StoredUpload(
        storage_key=key,
        original_name=filename,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        file_type=PDF,
    )


def _unique_code() -> str:
    while True:
        code = new_code()
        taken = db.session.scalar(sa.select(Certificate.id).where(Certificate.code == code))
        if taken is None:
            return code


def _content(
    actor: User, placement: Placement, draft: Draft, chosen: Chosen, code: str, issued_on: date
) -> pdf.PdfContent:
    """What the PDF says: the trainee by reference and initials only."""
    return pdf.PdfContent(
        workshop=placement.workshop.name,
        reference=placement.reference,
        initials=placement.initials,
        units=[pdf.PdfUnit(c.label, u.skills, u.how_shown) for c, u in chosen],
        period_start=draft.period_start,
        period_end=draft.period_end,
        hours=draft.hours,
        assessed_by=draft.assessed_by,
        signer_name=actor.name,
        signer_title=draft.signer_title,
        issued_on=issued_on,
        code=display_code(code),
        verify_url=url_for("certificates.verify", _external=True),
    )


def _share(actor: User, placement: Placement, upload: StoredUpload) -> Document:
    """The PDF as the placement's confidential document, shared with the education provider;
    told of by :func:`_tell_provider`, not by the document's own notice."""
    return document_links.share(
        actor,
        documents.DocumentDetails(
            title=_("Competence certificate: %(reference)s", reference=placement.reference),
            classification=Classification.CONFIDENTIAL,
            recipient_ids=[placement.provider.id],
            # The provider's teacher and study counsellor on the team read it too.
            staff_may_see=True,
        ),
        upload,
        LinkTarget(LinkKind.PLACEMENT, placement),
        announce=False,
    )


def _certificate(
    actor: User,
    placement: Placement,
    draft: Draft,
    chosen: Chosen,
    issued: pdf.PdfContent,
    document: Document,
    upload: StoredUpload,
    code: str,
) -> Certificate:
    """The certificate's row, with what it was issued on and its units in order."""
    return Certificate(
        placement_id=placement.id,
        document_id=document.id,
        code=code,
        pdf_sha256=upload.sha256,
        workshop_name=issued.workshop,
        signer_name=issued.signer_name,
        signer_title=draft.signer_title,
        assessed_by=draft.assessed_by,
        period_start=draft.period_start,
        period_end=draft.period_end,
        hours=draft.hours,
        issued_on=issued.issued_on,
        issued_by_id=actor.id,
        units=[
            CertificateUnit(
                position=position,
                name=candidate.name,
                code=candidate.code,
                skills=unit.skills,
                how_shown=unit.how_shown,
            )
            for position, (candidate, unit) in enumerate(chosen)
        ],
    )


def issue(actor: User, placement: Placement, draft: Draft) -> Certificate:
    """Issue the certificate: its PDF kept as the placement's confidential document, shared
    with the education provider, whose coordinators and people on the team are told."""
    if not may_issue(actor, placement):
        raise NotPermitted(
            _l("Only the workshop's coordinators and the trainee's job coach issue certificates.")
        )
    chosen = _check(placement, draft)
    code = _unique_code()
    content = _content(actor, placement, draft, chosen, code, today())
    upload = _store(pdf.render(content), f"osaamistodistus-{placement.reference}.pdf")
    try:
        document = _share(actor, placement, upload)
        certificate = _certificate(actor, placement, draft, chosen, content, document, upload, code)
        db.session.add(certificate)
        db.session.flush()
    except BaseException:
        # Nothing refers to the stored PDF once the change is rolled back.
        discard_stored(get_storage(), upload.storage_key)
        raise
    steps.record_step(placement, actor, StepKind.CERTIFICATE_ISSUED)
    audit.record("certificate.issue", actor=actor, target=certificate, units=len(chosen))
    _tell_provider(actor, placement, certificate)
    return certificate


def _provider_people(placement: Placement) -> list[User]:
    """The provider's coordinators and its people on the team (never a third party's)."""
    provider = placement.provider
    team = [
        m.user
        for m in placement.team
        if m.party_id == provider.id and m.consent_id is None and m.user.party_id == provider.id
    ]
    return coordinators_of([provider]) + team


def _tell_provider(actor: User, placement: Placement, certificate: Certificate) -> None:
    # The reference only: the notification's mail leaves the portal.
    notify(
        _provider_people(placement),
        ISSUED,
        link=url_for("certificates.detail", certificate_id=certificate.id),
        party=placement.workshop.name,
        reference=placement.reference,
    )
