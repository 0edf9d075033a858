"""Reading a document: the access log, the file served as recorded and stamped when its mark
asks, and the check that a copy is one the portal stamped.

* Every view and download is logged, in the transaction that prepares the response.
* A file is served only if it has the size and SHA-256 recorded at upload; one altered on
  disk is refused and the refusal audited.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from portal.auth.models import User
from portal.core import audit
from portal.core.net import client_address
from portal.core.storage import (
    CHECK_FIRST_SIZE,
    EncryptedStorage,
    StorageError,
    check_digest,
    verified_chunks,
)
from portal.documents.files import stamp_limit
from portal.documents.models import AccessAction, AccessLogEntry, Document, DocumentVersion
from portal.documents.stamp import Stamp, StampError, stamp_named_in, stamped
from portal.extensions import db

audit.name_events(
    {"document.file_refused": _l("Stored file refused: not the file recorded for it")},
)


def record_access(
    user: User, document: Document, version: DocumentVersion | None, action: AccessAction
) -> AccessLogEntry:
    """Log a view or a download, in the transaction that prepares the response."""
    entry = AccessLogEntry(
        document_id=document.id,
        version_id=version.id if version is not None else None,
        user_id=user.id,
        party_id=user.party_id,
        action=action,
        address=client_address(),
    )
    db.session.add(entry)
    return entry


@dataclass
class Download:
    body: Iterator[bytes]
    # None when only known once the stamped PDF is written (it is then sent chunked).
    length: int | None
    close: Callable[[], None]


def open_download(
    storage: EncryptedStorage, version: DocumentVersion, stamp: Stamp | None
) -> Download:
    """The version's file, checked against its row, and stamped when a stamp is given.

    The file must have the size and SHA-256 recorded at upload: a file swapped or altered
    on disk is refused (:class:`StorageError`), never served under this version's name and
    mark. A small file or a PDF to stamp is checked before the first byte; a large one as it
    streams, its last chunk held back until the digest matches.
    """
    assert version.storage_key is not None
    source = storage.open(version.storage_key)
    try:
        if stamp is not None:
            check_digest(source, version.size, version.sha256)
            body = stamped(source, stamp, stamp_limit())
            source.close()
            return Download(body, None, lambda: None)
        if source.size != version.size:
            raise StorageError("the stored object does not have the recorded size")
        if version.size <= CHECK_FIRST_SIZE:
            check_digest(source, version.size, version.sha256)
        return Download(
            verified_chunks(source, version.size, version.sha256), version.size, source.close
        )
    except BaseException:
        source.close()
        raise


def is_stamped_copy(storage: EncryptedStorage, version: DocumentVersion, data: bytes) -> bool:
    """Is ``data`` this version's file as the portal stamped it for a download, unaltered?

    The copy names its stamp; stamping the stored file again with it must give the copy byte
    for byte (stamping is deterministic), so any change to a page, the stamp included, shows.
    """
    stamp = stamp_named_in(data)
    if stamp is None:
        return False
    try:
        download = open_download(storage, version, stamp)
    except (StampError, StorageError):
        return False
    digest = hashlib.sha256()
    try:
        for chunk in download.body:
            digest.update(chunk)
    finally:
        download.close()
    return hmac.compare_digest(digest.hexdigest(), hashlib.sha256(data).hexdigest())


def record_refused_file(actor: User, document: Document, version: DocumentVersion) -> None:
    """Audit a stored file that is not the one recorded for its version (altered on disk)."""
    audit.record("document.file_refused", actor=actor, target=document, number=version.number)
