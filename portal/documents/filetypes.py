"""Which files the portal accepts, decided from their content while they stream past.

The name and the browser's word are not trusted: an executable renamed ``.pdf`` is still
refused. Only the first and the last bytes are kept (a ZIP's directory is at its end), so
that checking a file takes the same memory whatever its size.

Beyond its type, content that would act in the reader's program is refused: a text file
that is really HTML, SVG or XML; a ZIP package whose directory is broken, names paths
outside itself, or declares sizes of a zip bomb; and (once stored, see
:func:`pdf_active_content`) a PDF with scripts, launch or open actions, or embedded files.
"""

from __future__ import annotations

import re
import struct
import unicodedata
from dataclasses import dataclass
from typing import Any, BinaryIO

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


# Why a file was refused although its type is one of the allowed ones.
MARKUP_REFUSED = _l(
    "The file is a web page, SVG or XML document, which is not accepted as text. Save it as "
    "a PDF, or as plain text without markup."
)
PACKAGE_REFUSED = _l(
    "The file is not a valid Office or OpenDocument file, or it contains files it should not "
    "(paths outside the package, macros, or sizes far beyond the file's). Save it again from "
    "the application that made it."
)


class TypeSniffer:
    """Fed the file chunk by chunk; then tells what the content is, if it is allowed."""

    def __init__(self) -> None:
        # Why an otherwise allowed type was refused (set by ``detect``).
        self.refusal: LazyString | None = None
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
            try:
                return self._zip_type(head)
            except (struct.error, ValueError, IndexError):
                self.refusal = PACKAGE_REFUSED
                return None
        if self._text_so_far and not self._pending:
            if _is_markup(head):
                # Served as text it is harmless, but saved and opened it would be a web page.
                self.refusal = MARKUP_REFUSED
                return None
            return CSV if filename.lower().endswith(".csv") else TEXT
        return None

    def _zip_type(self, head: bytes) -> FileType | None:
        entries = _zip_entries(bytes(self.tail), self.size)
        if entries is None or not _plausible_package(entries, self.size):
            # A broken directory, or one made to harm whoever unpacks it.
            self.refusal = PACKAGE_REFUSED
            return None
        names = {entry.name for entry in entries}
        # Macros are not accepted, whatever the package claims to be.
        if any(name.lower().endswith("vbaproject.bin") for name in names):
            return None
        # OpenDocument: the first entry is "mimetype", stored uncompressed (ODF 1.2 §3.3).
        if head[30:38] == b"mimetype":
            name_length, extra_length = struct.unpack("<HH", head[26:30])
            start = 30 + name_length + extra_length
            (stored_size,) = struct.unpack("<I", head[18:22])
            mimetype = head[start : start + min(stored_size, 100)].decode("ascii", "replace")
            found = _ODF.get(mimetype)
            return found if found is not None and "content.xml" in names else None
        if "[Content_Types].xml" in names:
            for main, file_type in _OOXML_MAIN.items():
                if main in names:
                    return file_type
        return None


# A text file is refused as markup when it begins as a markup document does, or carries
# the elements that make a browser run or fetch something.
_MARKUP_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*<\s*[a-zA-Z!?]")
_MARKUP_ANYWHERE = re.compile(
    rb"<\s*(?:html|svg|script|iframe|object|embed|body|head|meta|\?xml|!doctype)\b",
    re.IGNORECASE,
)


def _is_markup(head: bytes) -> bool:
    return bool(_MARKUP_START.match(head) or _MARKUP_ANYWHERE.search(head))


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_EOCD = b"PK\x05\x06"


@dataclass(frozen=True)
class _ZipEntry:
    name: str
    compressed_size: int
    size: int


# A package whose entries would unpack to more than this, or to this many times its own size,
# is a zip bomb rather than a document (real Office files compress text some 10–20 times).
MAX_UNPACKED_SIZE = 2 * 1024 * 1024 * 1024
MAX_RATIO = 200
MAX_ENTRIES = 10_000


def _zip_entries(tail: bytes, size: int) -> list[_ZipEntry] | None:
    """The entries of a ZIP's central directory, if it lies whole within the kept tail."""
    at = tail.rfind(_EOCD)
    if at < 0 or len(tail) - at < 22:
        return None
    entries, directory_size, directory_offset = struct.unpack("<6xHII", tail[at + 4 : at + 20])
    tail_start = size - len(tail)
    start = directory_offset - tail_start
    if start < 0 or start + directory_size > at or entries in (0, 0xFFFF):
        return None
    if entries > MAX_ENTRIES:
        return None
    found = []
    position = start
    for _ in range(entries):
        if position + 46 > at or tail[position : position + 4] != b"PK\x01\x02":
            return None
        compressed, unpacked, name_length, extra_length, comment_length = struct.unpack(
            "<IIHHH", tail[position + 20 : position + 34]
        )
        name = tail[position + 46 : position + 46 + name_length]
        if position + 46 + name_length > at:
            return None
        found.append(_ZipEntry(name.decode("utf-8", "replace"), compressed, unpacked))
        position += 46 + name_length + extra_length + comment_length
    return found


def _plausible_package(entries: list[_ZipEntry], size: int) -> bool:
    """No paths outside the package, no duplicates, no ZIP64 or bomb-sized declarations."""
    names = [entry.name for entry in entries]
    if len(set(names)) != len(names):
        return False
    for name in names:
        parts = name.split("/")
        if (
            not name
            or name.startswith("/")
            or "\\" in name
            or ":" in parts[0]
            or ".." in parts
            or "\ufffd" in name
            or _CONTROL.search(name)
        ):
            return False
    unpacked = 0
    for entry in entries:
        if 0xFFFFFFFF in (entry.size, entry.compressed_size):
            return False  # ZIP64: no Office document needs it below the upload limit
        unpacked += entry.size
    return unpacked <= MAX_UNPACKED_SIZE and unpacked <= max(size, 64 * 1024) * MAX_RATIO


# --- Active content in PDFs -----------------------------------------------------------------

ACTIVE_PDF_REFUSED = _l(
    "The PDF contains scripts, actions that run when it is opened, or embedded files, which "
    "the portal does not accept. Print it to a new PDF (for example with “Microsoft Print to "
    "PDF”) or save it again without them."
)

# Dictionary keys whose presence means script, an automatic action or an embedded file.
_ACTIVE_KEYS = frozenset(
    {"/JS", "/JavaScript", "/AA", "/EmbeddedFiles", "/EF", "/RichMedia", "/RichMediaContent"}
    | {"/XFA"}  # XML forms carry their own scripts
)
_ACTIVE_ACTIONS = frozenset(
    {"/JavaScript", "/Launch", "/RichMediaExecute", "/ImportData", "/GoToE", "/SubmitForm"}
)
_ACTIVE_SUBTYPES = frozenset({"/FileAttachment", "/RichMedia", "/Screen", "/Movie", "/Sound"})
# Not walked: page content, fonts and images (large, and no place for actions), appearance
# streams, and links back up the tree.
_NOT_WALKED = frozenset(
    {"/Contents", "/Resources", "/AP", "/Thumb", "/Metadata", "/Parent", "/P", "/StructTreeRoot"}
)
MAX_WALKED_OBJECTS = 200_000
# The same names as a byte scan finds them, for a PDF the library cannot read.
_SCANNED_NAMES = frozenset(
    {"JS", "JavaScript", "AA", "OpenAction", "Launch", "EmbeddedFiles", "EmbeddedFile"}
    | {"RichMedia", "XFA"}
)
_NAME_TOKEN = re.compile(rb"/((?:[^\s/<>\[\]()\{\}%#]|#[0-9a-fA-F]{2})+)")


def pdf_active_content(source: BinaryIO, *, thorough: bool) -> str | None:
    """What in the PDF would act when it is opened (a key or action name), or None.

    The document's structure is walked from its catalog: the catalog's open action and
    names, the page tree with its annotations, outlines and form fields. ``thorough``
    lets the library rebuild a damaged file's cross-references, which reads the whole file
    into memory, so it is only for PDFs of a bounded size. A file the library cannot read
    at all is scanned for the names instead, chunk by chunk.
    """
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    source.seek(0)
    try:
        reader = PdfReader(source, strict=not thorough)
        if reader.is_encrypted and not reader.decrypt(""):
            raise PyPdfError("protected with a password")
        found = _walk(reader.trailer["/Root"])
    except RecursionError:
        found = "/RecursionError"
    except Exception:  # noqa: BLE001
        # A crafted file can make the library fail in many ways (a filter it lacks, a bad
        # stream, an impossible number): whatever the reason, the byte scan decides.
        found = _scan(source)
    source.seek(0)
    return found


def _walk(root: Any) -> str | None:
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    seen: set[tuple[int, int]] = set()
    stack: list[Any] = [root]
    walked = 0
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            if (item.idnum, item.generation) in seen:
                continue
            seen.add((item.idnum, item.generation))
            item = item.get_object()
        walked += 1
        if walked > MAX_WALKED_OBJECTS:
            return "/TooManyObjects"
        if isinstance(item, DictionaryObject):
            for key in item:
                if key in _ACTIVE_KEYS:
                    return str(key)
            if _value(item, "/S") in _ACTIVE_ACTIONS:
                return str(item["/S"])
            if _value(item, "/Subtype") in _ACTIVE_SUBTYPES:
                return str(item["/Subtype"])
            if _value(item, "/Type") == "/EmbeddedFile":
                return "/EmbeddedFile"
            # An open action may be a place to show (harmless), not an action to run.
            if isinstance(_value(item, "/OpenAction"), DictionaryObject):
                return "/OpenAction"
            stack.extend(item.raw_get(k) for k in item if k not in _NOT_WALKED)
        elif isinstance(item, ArrayObject):
            stack.extend(item)
    return None


def _value(dictionary: Any, key: str) -> Any:
    """The value under ``key``, followed if it is a reference."""
    value = dictionary.raw_get(key) if key in dictionary else None
    return value.get_object() if value is not None else None


def _scan(source: BinaryIO) -> str | None:
    source.seek(0)
    carry = b""
    while chunk := source.read(64 * 1024):
        data = carry + chunk
        for match in _NAME_TOKEN.finditer(data):
            name = re.sub(
                rb"#([0-9a-fA-F]{2})", lambda m: bytes([int(m.group(1), 16)]), match.group(1)
            )
            if name.decode("latin-1") in _SCANNED_NAMES:
                return "/" + name.decode("latin-1")
        carry = data[-128:]
    return None


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
