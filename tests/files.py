"""Files to upload and store: PDFs, office documents, images, and what is refused."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas

from portal.core.storage import get_storage
from portal.documents.filetypes import TypeSniffer
from portal.documents.models import Classification
from portal.documents.uploads import StoredUpload


@pytest.fixture(autouse=True)
def own_storage(storage_dir: Path) -> Path:
    """Each test stores its documents in a directory of its own."""
    return storage_dir


def stored_objects(directory: Path) -> list[Path]:
    return sorted(p for p in directory.rglob("*") if p.is_file()) if directory.exists() else []


def make_pdf(
    pages: int = 2, text: str = "Alkuperäinen sisältö", rotate_last: bool = False
) -> bytes:
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    for number in range(1, pages + 1):
        if rotate_last and number == pages:
            pdf.setPageSize(landscape(A4))
            pdf.setPageRotation(90)
        pdf.drawString(72, 400, f"{text} – sivu {number}")
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def make_zip(entries: dict[str, bytes], first: tuple[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        if first is not None:
            archive.writestr(zipfile.ZipInfo(first[0]), first[1], compress_type=zipfile.ZIP_STORED)
        for name, data in entries.items():
            archive.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def make_docx() -> bytes:
    return make_zip(
        {
            "[Content_Types].xml": b"<Types/>",
            "_rels/.rels": b"<Relationships/>",
            "word/document.xml": b"<w:document/>",
        }
    )


def make_odt() -> bytes:
    return make_zip(
        {"content.xml": b"<office:document-content/>", "META-INF/manifest.xml": b"<m/>"},
        first=("mimetype", b"application/vnd.oasis.opendocument.text"),
    )


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def document_form(
    *,
    title: str = "Yhteistyöraportti",
    classification: Classification = Classification.CONFIDENTIAL,
    recipients: list[int] | None = None,
    staff_may_see: bool = False,
    legal_basis: str = "",
    content: bytes | None = None,
    filename: str = "raportti.pdf",
) -> dict[str, Any]:
    """The upload form's fields in the browser's order: the file last."""
    data: dict[str, Any] = {
        "title": title,
        "description": "Kuvaus",
        "classification": classification.value,
        "legal_basis": legal_basis,
        "secret_until": "",
        "recipients": [str(i) for i in recipients or []],
    }
    if staff_may_see:
        data["staff_may_see"] = "y"
    data["file"] = (io.BytesIO(make_pdf() if content is None else content), filename)
    return data


def store(content: bytes, filename: str) -> StoredUpload:
    """Store bytes as an upload would (inside an application context)."""
    sniffer = TypeSniffer()
    sniffer.feed(content)
    key = get_storage().write([content])
    return StoredUpload(
        storage_key=key,
        original_name=filename,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        file_type=sniffer.detect(filename),
    )
