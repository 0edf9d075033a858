"""The export as one ZIP: the PDF, the JSON and the files of our own party's documents that
the coordinator may open, each checked against its row as a download is."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import sqlalchemy as sa

from portal.auth.models import User
from portal.core.authz import VIEW, can
from portal.core.storage import get_storage
from portal.document_links.models import DocumentLink
from portal.documents.downloads import open_download
from portal.documents.models import Document
from portal.extensions import db
from portal.placements.models import Placement
from portal.subject_access.pdf import export_pdf


def as_json(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2).encode()


def _our_documents(user: User, placements: list[Placement]) -> list[tuple[Placement, Document]]:
    by_id = {p.id: p for p in placements}
    rows = db.session.execute(
        sa.select(DocumentLink.placement_id, Document)
        .join(Document, Document.id == DocumentLink.document_id)
        .where(
            DocumentLink.placement_id.in_(by_id),
            Document.owner_party_id == user.party_id,
            Document.deleted_at.is_(None),
        )
        .order_by(Document.id)
    )
    # A document of a secret mark the coordinator may not open stays out of the files too.
    return [(by_id[pid], d) for pid, d in rows if pid is not None and can(VIEW, d, user)]


def as_zip(user: User, placements: list[Placement], data: dict[str, Any]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("export.pdf", export_pdf(data))
        archive.writestr("export.json", as_json(data))
        storage = get_storage()
        for placement, document in _our_documents(user, placements):
            # The versions come newest first: the file as it stands now.
            version = document.versions[0] if document.versions else None
            if version is None or version.storage_key is None:
                continue
            download = open_download(storage, version, None)
            try:
                body = b"".join(download.body)
            finally:
                download.close()
            filename = version.filename.replace("/", "_").replace("\\", "_")
            name = f"documents/{placement.reference}/{document.id}-{filename}"
            archive.writestr(name, body)
    return out.getvalue()
