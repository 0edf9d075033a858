"""Stamping confidential PDFs on download: a rewritten PDF with the stamp on every page.

The download is not the stored file with something appended: pypdf reads the stored PDF,
its pages are copied into a new document whose every page's content ends with the stamp,
and the new document is written out whole, with one cross-reference section at its end.
No part of it is the unstamped original: a download cut at any ``%%EOF`` or ``startxref``
is either unreadable or stamped. What a page carries beside its content that could show
it unstamped (a thumbnail image, an application's private ``/PieceInfo`` copy) is left out.

Memory: a rewrite holds the document's objects in memory, so memory grows with the PDF
(about twice its size at the peak). The limit is here: a confidential or secret PDF larger
than ``STAMP_MAX_MB`` (the setting ``PORTAL_STAMP_MAX_MB``, default 20) or of more than
:data:`MAX_PAGES` pages is refused at upload (:func:`check_stampable`, called by
``service.check_file``), and :func:`stamped` refuses it again should the limit have been
lowered since. The stamped output goes into a spooled temporary file (in memory up to
:data:`SPOOL_SIZE`, then on disk) and is streamed out from there.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, cast

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    PdfObject,
    StreamObject,
)
from reportlab.pdfbase.pdfmetrics import stringWidth

from portal.core.storage import CHUNK_SIZE, DecryptingReader

# The stamp's font, in one place: its width metrics (reportlab) and the PDF font object.
FONT = "Helvetica-Bold"
FONT_SIZE = 8.0
BAND = 14.0
MARGIN = 6.0

MAX_PAGES = 2000
SPOOL_SIZE = 1024 * 1024
# What a page or the document may carry that could show the page without its stamp, and
# (for PDFs stored before uploads were checked for them) what would act when it is opened.
_DROPPED_FROM_PAGES = ("/Thumb", "/PieceInfo", "/AA")
_DROPPED_FROM_CATALOG = ("/PieceInfo", "/OpenAction", "/AA")
_DROPPED_FROM_NAMES = ("/JavaScript", "/EmbeddedFiles")
# Any failure of the library on an uploaded PDF means it cannot be stamped: a crafted file
# can make it fail in many ways (a filter it lacks, a bad stream, an impossible number).
_READ_ERRORS = (Exception,)


class StampError(Exception):
    """The PDF cannot be read or changed (malformed, or protected with a password)."""


class TooLargeToStamp(StampError):
    """The PDF is larger, or has more pages, than the portal stamps."""


@dataclass(frozen=True)
class Stamp:
    top: str
    bottom: str


def check_stampable(source: DecryptingReader, max_bytes: int) -> None:
    """Refuse now a PDF that could not be stamped on download."""
    if source.size > max_bytes:
        raise TooLargeToStamp("the PDF is larger than the stamping limit")
    _open(source)


def _open(source: DecryptingReader) -> PdfReader:
    source.seek(0)
    try:
        reader = PdfReader(cast(IO[bytes], source))
        if reader.is_encrypted:
            raise StampError("the PDF is protected with a password")
        if len(reader.pages) > MAX_PAGES:
            raise TooLargeToStamp("the PDF has more pages than the portal stamps")
        pages = list(reader.pages)
        if not pages or any(page.indirect_reference is None for page in pages):
            raise StampError("the PDF has no pages of its own")
    except StampError:
        raise
    except _READ_ERRORS as exc:
        raise StampError(str(exc)) from exc
    return reader


def stamped(source: DecryptingReader, stamp: Stamp, max_bytes: int) -> Iterator[bytes]:
    """The rewritten PDF with the stamp on every page, in chunks.

    The whole output is made here, before the first byte is sent, so that a PDF that cannot
    be stamped is refused instead of being served unstamped.
    """
    if source.size > max_bytes:
        raise TooLargeToStamp("the PDF is larger than the stamping limit")
    reader = _open(source)
    output = tempfile.SpooledTemporaryFile(max_size=SPOOL_SIZE)
    try:
        writer = _rewrite(reader, stamp)
        writer.write(cast(IO[bytes], output))
    except _READ_ERRORS as exc:
        output.close()
        raise StampError(str(exc)) from exc
    except BaseException:
        output.close()
        raise
    del writer, reader
    output.seek(0)
    return _chunks(output)


def _chunks(output: IO[bytes]) -> Iterator[bytes]:
    with output:
        while chunk := output.read(CHUNK_SIZE):
            yield chunk


def _rewrite(reader: PdfReader, stamp: Stamp) -> PdfWriter:
    writer = PdfWriter(clone_from=reader)
    catalog = writer.root_object
    for key in _DROPPED_FROM_CATALOG:
        catalog.pop(NameObject(key), None)
    names = catalog.get("/Names")
    if names is not None and isinstance(names.get_object(), DictionaryObject):
        for key in _DROPPED_FROM_NAMES:
            cast(DictionaryObject, names.get_object()).pop(NameObject(key), None)
    font = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/" + FONT),
                NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
            }
        )
    )
    save_state = writer._add_object(_stream(b"q"))
    for page in writer.pages:
        for key in _DROPPED_FROM_PAGES:
            page.pop(NameObject(key), None)
        font_name = _free_name(page, "/Font", "SiltaStamp")
        drawing = writer._add_object(_stream(_drawing(page, stamp, font_name)))
        page[NameObject("/Contents")] = ArrayObject([save_state, *_contents(page), drawing])
        page[NameObject("/Resources")] = _resources(page, font_name, font)
    return writer


def _stream(data: bytes) -> StreamObject:
    stream = StreamObject()
    stream.set_data(data)
    return stream


def _contents(page: DictionaryObject) -> list[PdfObject]:
    if "/Contents" not in page:
        return []
    raw = page.raw_get("/Contents")
    resolved = raw.get_object()
    if isinstance(resolved, ArrayObject):
        return list(resolved)
    return [raw]


def _free_name(page: DictionaryObject, category: str, base: str) -> str:
    resources = page.get("/Resources")
    existing = resources.get_object().get(category) if resources is not None else None
    names = set(existing.get_object().keys()) if existing is not None else set()
    name, n = f"/{base}", 1
    while name in names:
        n += 1
        name = f"/{base}{n}"
    return name


def _resources(page: DictionaryObject, font_name: str, font: IndirectObject) -> DictionaryObject:
    original = page.get("/Resources")
    resources = DictionaryObject(original.get_object().items() if original is not None else ())
    fonts = resources.get("/Font")
    font_dict = DictionaryObject(fonts.get_object().items() if fonts is not None else ())
    font_dict[NameObject(font_name)] = font
    resources[NameObject("/Font")] = font_dict
    return resources


def _box(page: DictionaryObject) -> tuple[float, float, float, float]:
    box = page.get("/CropBox") or page.get("/MediaBox")
    if box is None:
        raise StampError("the page has no size")
    x0, y0, x1, y1 = (float(v) for v in box.get_object())
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _drawing(page: DictionaryObject, stamp: Stamp, font_name: str) -> bytes:
    """Close the page's own graphics state, then draw the two bands upright as displayed."""
    x0, y0, x1, y1 = _box(page)
    rotation = int(page.get("/Rotate", 0) or 0) % 360
    if rotation == 90:
        matrix, width, height = (0, 1, -1, 0, x1, y0), y1 - y0, x1 - x0
    elif rotation == 180:
        matrix, width, height = (-1, 0, 0, -1, x1, y1), x1 - x0, y1 - y0
    elif rotation == 270:
        matrix, width, height = (0, -1, 1, 0, x0, y1), y1 - y0, x1 - x0
    else:
        matrix, width, height = (1, 0, 0, 1, x0, y0), x1 - x0, y1 - y0
    parts = ["Q", "q", "{} {} {} {} {:.2f} {:.2f} cm".format(*matrix)]
    for text, bottom in ((stamp.top, height - BAND), (stamp.bottom, 0.0)):
        size = _fitting_size(text, width - 2 * MARGIN)
        parts += [
            "1 1 1 rg 0.7 0 0 RG 0.8 w",
            f"0 {bottom:.2f} {width:.2f} {BAND:.2f} re B",
            "0.7 0 0 rg BT",
            f"{font_name} {size:.2f} Tf",
            f"{MARGIN:.2f} {bottom + (BAND - size) / 2 + 1:.2f} Td",
            f"({_pdf_string(text)}) Tj ET",
        ]
    parts.append("Q")
    return "\n".join(parts).encode("latin-1")


def _fitting_size(text: str, width: float) -> float:
    natural = stringWidth(text, FONT, FONT_SIZE)
    if natural <= width or natural == 0:
        return FONT_SIZE
    return max(4.0, FONT_SIZE * width / natural)


def _pdf_string(text: str) -> str:
    """The text in WinAnsiEncoding as a PDF literal; characters it lacks become '?'."""
    encoded = text.encode("cp1252", "replace")
    escaped = encoded.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    return escaped.decode("latin-1")
