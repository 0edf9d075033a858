"""The competence certificate of the completed workshop period LUOVI-2025-112: issued by
Parik's coordinator for its two units, its PDF the placement's confidential document shared
with Luovi, and Luovi's record of what it recognised in the student's HOKS.

No notifications are queued here: the documents demo already fills the bell and the outbox.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import sqlalchemy as sa
from flask import current_app, url_for

from portal.certificates import pdf
from portal.certificates.codes import display_code, new_code
from portal.certificates.models import Certificate, CertificateUnit, Recognition
from portal.core.models import utcnow
from portal.demo import Cast, DemoContext
from portal.demo.documents import _document, _version
from portal.demo.placement_builder import Builder
from portal.document_links.models import DocumentLink
from portal.documents.models import Classification, Document
from portal.extensions import db
from portal.placements.models import Placement, StepKind

ISSUED_DAYS_AGO = 30
RECOGNISED_DAYS_AGO = 12

# (unit, code, skills shown, how shown, recognition, what remains)
UNITS = [
    (
        "Koneistuksen perustehtävät",
        "",
        "Sorvaa ja jyrsii yksinkertaiset kappaleet piirustuksen mukaan; mittaa työntuloksen "
        "työntömitalla ja mikrometrillä; huoltaa koneet päivittäin.",
        "Valmisti pajan tilaustöinä 40 laakeripesää ja holkkia; osoitti osaamisen näytössä "
        "metallipajalla.",
        Recognition.RECOGNISED,
        "",
    ),
    (
        "Hitsaustyöt",
        "100437",
        "MAG-hitsaa teräslevyjen pienahitsit jalkoasennossa; noudattaa tulitöiden "
        "turvallisuusohjeita.",
        "Hitsasi työpöytien ja hyllyjen rungot ohjaajan tarkastamina.",
        Recognition.PARTLY,
        "Hitsaus muissa asennoissa ja hitsausluokan ohjeiden mukainen laadun tarkastus.",
    ),
]


@dataclass(frozen=True)
class Issued:
    """What the certificate was issued on: the PDF and the row say the same."""

    period: Placement
    code: str
    issued_on: date
    start: date
    end: date
    hours: Decimal = Decimal("486")
    assessed_by: str = "Jukka Lehtonen, työpajaohjaaja; Hannu Rantanen, opettaja (Luovi)"


def _the_pdf(cast: Cast, issued: Issued) -> bytes:
    """The PDF in the default language, with the verification page's address as a reader's
    browser would see it."""
    period = issued.period
    with current_app.test_request_context():
        return pdf.render(
            pdf.PdfContent(
                workshop=cast.parik.name,
                reference=period.reference,
                initials=period.initials,
                units=[
                    pdf.PdfUnit(f"{n} ({c})" if c else n, skills, how)
                    for n, c, skills, how, _r, _rest in UNITS
                ],
                period_start=issued.start,
                period_end=issued.end,
                hours=issued.hours,
                assessed_by=issued.assessed_by,
                signer_name=cast.jukka.name,
                signer_title=cast.jukka.title,
                issued_on=issued.issued_on,
                code=display_code(issued.code),
                verify_url=url_for("certificates.verify", _external=True),
            )
        )


def _the_shared_document(cast: Cast, period: Placement, data: bytes) -> Document:
    """The PDF as the placement's confidential document, shared with Luovi."""
    document = _document(
        cast.jukka,
        f"Osaamistodistus: {period.reference}",
        Classification.CONFIDENTIAL,
        recipients=(cast.luovi,),
        staff_may_see=True,
        days_ago=ISSUED_DAYS_AGO,
    )
    filename = f"osaamistodistus-{period.reference}.pdf"
    _version(document, 1, data, filename, "application/pdf", cast.jukka, ISSUED_DAYS_AGO)
    db.session.add(
        DocumentLink(document=document, placement_id=period.id, created_by_id=cast.jukka.id)
    )
    db.session.flush()
    return document


def _the_certificate(
    cast: Cast, b: Builder, issued: Issued, document: Document, data: bytes
) -> Certificate:
    """The certificate issued by Jukka, with Päivi's record of what Luovi recognised."""
    return Certificate(
        placement_id=issued.period.id,
        document_id=document.id,
        code=issued.code,
        pdf_sha256=hashlib.sha256(data).hexdigest(),
        workshop_name=cast.parik.name,
        signer_name=cast.jukka.name,
        signer_title=cast.jukka.title,
        assessed_by=issued.assessed_by,
        period_start=issued.start,
        period_end=issued.end,
        hours=issued.hours,
        issued_on=issued.issued_on,
        issued_by_id=cast.jukka.id,
        created_at=utcnow() - timedelta(days=ISSUED_DAYS_AGO),
        recognised_on=b.today - timedelta(days=RECOGNISED_DAYS_AGO),
        recognised_by_name=cast.paivi.name,
        recognition_recorded_at=utcnow() - timedelta(days=RECOGNISED_DAYS_AGO),
        units=[
            CertificateUnit(
                position=position,
                name=name,
                code=unit_code,
                skills=skills,
                how_shown=how,
                recognition=recognition,
                remaining=remaining,
            )
            for position, (name, unit_code, skills, how, recognition, remaining) in enumerate(UNITS)
        ],
    )


def load(context: DemoContext) -> None:
    cast = Cast.of(context)
    b = Builder(context)
    period = db.session.scalars(
        sa.select(Placement).where(Placement.reference == "LUOVI-2025-112")
    ).one()
    issued_on = b.today - timedelta(days=ISSUED_DAYS_AGO)
    issued = Issued(
        period,
        new_code(),
        issued_on,
        start=period.started_on or period.start_on,
        end=period.ended_on or issued_on,
    )
    data = _the_pdf(cast, issued)
    document = _the_shared_document(cast, period, data)
    db.session.add(_the_certificate(cast, b, issued, document, data))
    b.step(period, StepKind.CERTIFICATE_ISSUED, cast.jukka.email, ISSUED_DAYS_AGO)
    b.step(period, StepKind.CERTIFICATE_RECOGNITION, cast.paivi.email, RECOGNISED_DAYS_AGO)
