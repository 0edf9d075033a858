"""A document's files: what an upload must be to be shared, its row as a version of the
document, and a stored file discarded when what it was for is not done.

* A file of a type not allowed, or content that would act when opened, is refused.
* A confidential or secret PDF is stamped on every page when it is downloaded, so one that
  cannot be stamped (too large, unreadable, protected with a password) is refused at upload.
"""

from __future__ import annotations

from typing import BinaryIO, cast

from flask import current_app
from flask_babel import lazy_gettext as _l

from portal.auth.models import User
from portal.core.errors import DomainError
from portal.core.models import utcnow
from portal.core.storage import DecryptingReader, EncryptedStorage, StorageError
from portal.documents.filetypes import ACTIVE_PDF_REFUSED, clean_filename, pdf_active_content
from portal.documents.models import Classification, Document, DocumentVersion
from portal.documents.stamp import MAX_PAGES, StampError, TooLargeToStamp, check_stampable
from portal.documents.uploads import StoredUpload
from portal.extensions import db


def stamp_limit() -> int:
    """The largest PDF, in bytes, that is stamped on download (``PORTAL_STAMP_MAX_MB``)."""
    return int(current_app.config["STAMP_MAX_MB"]) * 1024 * 1024


def check_file(
    storage: EncryptedStorage, upload: StoredUpload | None, classification: Classification
) -> None:
    """Refuse a missing file, a type not allowed, content that would act when opened, or a
    restricted PDF that cannot be stamped."""
    if upload is None:
        raise DomainError(_l("Choose the file to upload."), field="file")
    if upload.file_type is None:
        raise DomainError(
            upload.refusal
            or _l(
                "This type of file is not accepted. Upload a PDF, an Office or OpenDocument "
                "file, text, CSV, PNG or JPEG."
            ),
            field="file",
        )
    if upload.file_type.is_pdf:
        with storage.open(upload.storage_key) as source:
            _check_pdf(source, classification)


def _check_pdf(source: DecryptingReader, classification: Classification) -> None:
    limit = stamp_limit()
    if pdf_active_content(cast(BinaryIO, source), thorough=source.size <= limit) is not None:
        raise DomainError(ACTIVE_PDF_REFUSED, field="file")
    if not classification.is_restricted:
        return
    try:
        check_stampable(source, limit)
    except TooLargeToStamp as exc:
        raise DomainError(
            _l(
                "A confidential or secret PDF is stamped on every page when it is downloaded, "
                "which the portal does for PDFs of up to %(size)d MB and %(pages)d pages. Split "
                "the PDF or make it smaller, for example by reducing its images.",
                size=limit // (1024 * 1024),
                pages=MAX_PAGES,
            ),
            field="file",
        ) from exc
    except StampError as exc:
        raise DomainError(
            _l(
                "The PDF cannot be read or it is protected with a password, so it could "
                "not be stamped on download. Save it again without a password."
            ),
            field="file",
        ) from exc


def new_version(
    actor: User, document: Document, upload: StoredUpload, number: int
) -> DocumentVersion:
    """The checked upload as the document's version ``number``, uploaded now by ``actor``."""
    assert upload.file_type is not None
    version = DocumentVersion(
        document=document,
        number=number,
        filename=clean_filename(upload.original_name, upload.file_type),
        content_type=upload.file_type.content_type,
        size=upload.size,
        sha256=upload.sha256,
        storage_key=upload.storage_key,
        uploaded_by_id=actor.id,
        uploaded_at=utcnow(),
    )
    document.note_version(version)
    db.session.add(version)
    return version


def discard_stored(storage: EncryptedStorage, key: str) -> None:
    try:
        storage.delete(key)
    except StorageError:
        pass
