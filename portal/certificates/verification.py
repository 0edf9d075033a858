"""Verifying a certificate by its code, and a file against the PDF as issued.

Any signed-in person may ask: the point is that someone handed a certificate can check it.
The answer says whether a certificate with the code exists, by which workshop and when it
was issued, who signed it, the period and the units — so that a printed or downloaded copy
can be compared with what was issued — and whether an uploaded file is byte for byte the PDF
as issued (its SHA-256). It never names the placement or the young person, nor shows the
descriptions of the skills (free text about the young person): those are for the readers of
the certificate itself, who get a link to it (``readable``). The code is 80 random bits: it
is known only to those who hold the certificate.

A certificate whose PDF the workshop has deleted is said to be withdrawn.

A copy downloaded from the portal carries the reader's stamp on every page (confidential
documents are stamped on download): it is unaltered when stamping the PDF as issued again with
the stamp it names gives it byte for byte (``documents.downloads.is_stamped_copy``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import sqlalchemy as sa

from portal.auth.models import User
from portal.certificates.codes import normalise_code
from portal.certificates.models import Certificate
from portal.core import audit
from portal.core.authz import scope
from portal.core.storage import get_storage
from portal.documents import downloads
from portal.extensions import db


@dataclass(frozen=True)
class Verification:
    certificate: Certificate | None
    # None when no file was given.
    unaltered: bool | None
    # May the asker open the certificate itself?
    readable: bool
    # Its PDF has been deleted by the workshop: the certificate no longer stands.
    withdrawn: bool = False


def _is_as_issued(certificate: Certificate, data: bytes) -> bool:
    """The PDF as issued, or a copy of it the portal stamped on download, unaltered."""
    if hashlib.sha256(data).hexdigest() == certificate.pdf_sha256:
        return True
    versions = certificate.document.versions
    # The certificate's document is sealed: its one version is the PDF as issued.
    issued = next((v for v in versions if v.sha256 == certificate.pdf_sha256), None)
    return issued is not None and downloads.is_stamped_copy(get_storage(), issued, data)


def verify(user: User, typed_code: str, data: bytes | None) -> Verification:
    code = normalise_code(typed_code)
    certificate = db.session.scalar(sa.select(Certificate).where(Certificate.code == code))
    if certificate is None:
        return Verification(None, None, False)
    unaltered = None
    if data is not None:
        unaltered = _is_as_issued(certificate, data)
    readable = (
        db.session.scalar(
            sa.select(Certificate.id).where(
                Certificate.id == certificate.id, scope(Certificate, user)
            )
        )
        is not None
    )
    if unaltered is None:
        audit.record("certificate.verify", actor=user, target=certificate)
    else:
        audit.record("certificate.verify", actor=user, target=certificate, unaltered=unaltered)
    withdrawn = certificate.document.deleted_at is not None
    return Verification(certificate, unaltered, readable and not withdrawn, withdrawn)
