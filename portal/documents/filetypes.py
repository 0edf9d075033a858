"""Which files the portal accepts, decided from their content while they stream past.

The name and the browser's word are not trusted: an executable renamed ``.pdf`` is still
refused. Only the first and the last bytes are kept (a ZIP's directory is at its end), so
that checking a file takes the same memory whatever its size.
"""

from __future__ import annotations

import re
import struct
import unicodedata
from dataclasses import dataclass

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

HEAD_SIZE = 8 * 1024
TAIL_SIZE = 256 * 1024


@dataclass(frozen=True)
class FileType:
    content_type: str
    extension: str
    label: LazyString

    @property
    def is_pdf(self) -> bool:
        return self.content_type == "application/pdf"


PDF = FileType("application/pdf", "pdf", _l("PDF document"))
PNG = FileType("image/png", "png", _l("PNG image"))
JPEG = FileType("image/jpeg", "jpg", _l("JPEG image"))
TEXT = FileType("text/plain", "txt", _l("Text file"))
CSV = FileType("text/csv", "csv", _l("CSV file"))
DOCX = FileType(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "docx",
    _l("Word document"),
)
XLSX = FileType(
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "xlsx",
    _l("Excel spreadsheet"),
)
PPTX = FileType(
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pptx",
    _l("PowerPoint presentation"),
)
ODT = FileType("application/vnd.oasis.opendocument.text", "odt", _l("OpenDocument text"))
ODS = FileType(
    "application/vnd.oasis.opendocument.spreadsheet", "ods", _l("OpenDocument spreadsheet")
)
ODP = FileType(
    "application/vnd.oasis.opendocument.presentation", "odp", _l("OpenDocument presentation")
)

ALLOWED = (PDF, DOCX, XLSX, PPTX, ODT, ODS, ODP, TEXT, CSV, PNG, JPEG)
BY_CONTENT_TYPE = {t.content_type: t for t in ALLOWED}
_EXTENSIONS = {
    PDF: ("pdf",),
    JPEG: ("jpg", "jpeg"),
    TEXT: ("txt", "text", "md", "log"),
    CSV: ("csv",),
}
_ODF = {ODT.content_type: ODT, ODS.content_type: ODS, ODP.content_type: ODP}
_OOXML_MAIN = {"word/document.xml": DOCX, "xl/workbook.xml": XLSX, "ppt/presentation.xml": PPTX}


def type_for(content_type: str) -> FileType | None:
    return BY_CONTENT_TYPE.get(content_type)


class TypeSniffer:
    """Fed the file chunk by chunk; then tells what the content is, if it is allowed."""

    def __init__(self) -> None:
        self.head = bytearray()
        self.tail = bytearray()
        self.size = 0
        self._text_so_far = True
        self._pending = b""  # an incomplete UTF-8 sequence at the end of the last chunk

    def feed(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if len(self.head) < HEAD_SIZE:
            self.head.extend(chunk[: HEAD_SIZE - len(self.head)])
        self.tail.extend(chunk)
        if len(self.tail) > TAIL_SIZE:
            del self.tail[: len(self.tail) - TAIL_SIZE]
        if self._text_so_far:
            self._check_text(chunk)

    def _check_text(self, chunk: bytes) -> None:
        data = self._pending + chunk
        # Keep back up to three bytes that may begin a character continued in the next chunk.
        cut = len(data)
        for back in range(1, min(4, len(data)) + 1):
            byte = data[-back]
            if byte & 0xC0 == 0x80:
                continue
            if byte >= 0xC0:
                needed = 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4
                if needed > back:
                    cut = len(data) - back
            break
        self._pending = data[cut:]
        try:
            text = data[:cut].decode("utf-8")
        except UnicodeDecodeError:
            self._text_so_far = False
            return
        if _CONTROL.search(text):
            self._text_so_far = False

    def detect(self, filename: str = "") -> FileType | None:
        head = bytes(self.head)
        if self.size == 0:
            return None
        if head.startswith(b"%PDF-"):
            return PDF
        if head.startswith(b"\x89PNG\r\n\x1a\n"):
            return PNG
        if head.startswith(b"\xff\xd8\xff"):
            return JPEG
        if head.startswith(b"PK\x03\x04"):
            return self._zip_type(head)
        if self._text_so_far and not self._pending:
            return CSV if filename.lower().endswith(".csv") else TEXT
        return None

    def _zip_type(self, head: bytes) -> FileType | None:
        names = _zip_names(bytes(self.tail), self.size)
        if names is None:
            return None
        # Macros are not accepted, whatever the package claims to be.
        if any(name.lower().endswith("vbaproject.bin") for name in names):
            return None
        # OpenDocument: the first entry is "mimetype", stored uncompressed (ODF 1.2 §3.3).
        if head[30:38] == b"mimetype":
            name_length, extra_length = struct.unpack("<HH", head[26:30])
            start = 30 + name_length + extra_length
            (stored_size,) = struct.unpack("<I", head[18:22])
            mimetype = head[start : start + stored_size].decode("ascii", "replace")
            found = _ODF.get(mimetype)
            return found if found is not None and "content.xml" in names else None
        if "[Content_Types].xml" in names:
            for main, file_type in _OOXML_MAIN.items():
                if main in names:
                    return file_type
        return None


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_EOCD = b"PK\x05\x06"


def _zip_names(tail: bytes, size: int) -> set[str] | None:
    """The entry names in a ZIP's central directory, if it lies within the kept tail."""
    at = tail.rfind(_EOCD)
    if at < 0 or len(tail) - at < 22:
        return None
    entries, directory_size, directory_offset = struct.unpack("<6xHII", tail[at + 4 : at + 20])
    tail_start = size - len(tail)
    start = directory_offset - tail_start
    if start < 0 or start + directory_size > at or entries == 0xFFFF:
        return None
    names = set()
    position = start
    for _ in range(entries):
        if tail[position : position + 4] != b"PK\x01\x02":
            return None
        name_length, extra_length, comment_length = struct.unpack(
            "<HHH", tail[position + 28 : position + 34]
        )
        name = tail[position + 46 : position + 46 + name_length]
        names.add(name.decode("utf-8", "replace"))
        position += 46 + name_length + extra_length + comment_length
    return names


# --- File names -----------------------------------------------------------------------------

_UNSAFE = re.compile(r'[\x00-\x1f\x7f"*/:<>?\\|]+')


def clean_filename(raw: str, file_type: FileType) -> str:
    """A file name safe to show and to send back: no path, no control characters, the right
    extension for the content."""
    name = unicodedata.normalize("NFC", raw or "")
    name = re.split(r"[/\\]", name)[-1]
    name = _UNSAFE.sub("_", name)
    name = " ".join(name.split()).strip(" ._")
    stem, dot, extension = name.rpartition(".")
    allowed = _EXTENSIONS.get(file_type, (file_type.extension,))
    if not dot or extension.lower() not in allowed:
        stem = name
        extension = file_type.extension
    stem = stem[: 200 - len(extension) - 1].strip(" ._") or "document"
    return f"{stem}.{extension}"


def ascii_filename(name: str) -> str:
    """A plain-ASCII stand-in for clients that do not read ``filename*``."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    folded = re.sub(r"[^A-Za-z0-9 ._()-]+", "_", folded).strip(" ._")
    return folded or "document"
