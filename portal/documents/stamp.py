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
``files.check_file``), and :func:`stamped` refuses it again should the limit have been
lowered since. The stamped output goes into a spooled temporary file (in memory up to
:data:`SPOOL_SIZE`, then on disk) and is streamed out from there.

A stamped copy names its stamp in the document information (``/SiltaStamp``), and stamping
is deterministic: stamping the stored file again with the stamp a copy names gives the copy
byte for byte, unless the copy was altered (:func:`stamp_named_in`).
"""

from __future__ import annotations

import io
import json
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, cast

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    PdfObject,
    StreamObject,
)
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from portal.core import fonts
from portal.core.storage import CHUNK_SIZE, DecryptingReader

# The stamp's font, in one place: an embedded Unicode font, so that every letter of a name
# and of a formatted time is printed as it is (the PDF standard fonts know only WinAnsi).
FONT = fonts.BOLD
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


# Where a stamped copy names its stamp, so that the copy can be checked against the stored file.
STAMP_KEY = "/SiltaStamp"


def stamp_named_in(data: bytes) -> Stamp | None:
    """The stamp a stamped copy names, or None for a file that names none (or no PDF)."""
    try:
        info = PdfReader(io.BytesIO(data)).metadata
        named = json.loads(str(info[STAMP_KEY])) if info and STAMP_KEY in info else None
    except _READ_ERRORS:
        return None
    if not isinstance(named, dict) or not all(
        isinstance(named.get(k), str) for k in ("top", "bottom")
    ):
        return None
    return Stamp(named["top"], named["bottom"])


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
    save_state = writer._add_object(_stream(b"q"))
    # The bands are drawn once per displayed page size, as a form the pages share.
    bands: dict[tuple[float, float], IndirectObject] = {}
    for page in writer.pages:
        for key in _DROPPED_FROM_PAGES:
            page.pop(NameObject(key), None)
        matrix, width, height = _placement(page)
        size = (round(width, 2), round(height, 2))
        if size not in bands:
            bands[size] = _bands(writer, stamp, *size)
        form_name = _free_name(page, "/XObject", "SiltaStamp")
        drawing = writer._add_object(_stream(_drawing(matrix, form_name)))
        page[NameObject("/Contents")] = ArrayObject([save_state, *_contents(page), drawing])
        page[NameObject("/Resources")] = _resources(page, form_name, bands[size])
    writer.add_metadata(
        {STAMP_KEY: json.dumps({"top": stamp.top, "bottom": stamp.bottom}, ensure_ascii=False)}
    )
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


def _resources(page: DictionaryObject, form_name: str, form: IndirectObject) -> DictionaryObject:
    original = page.get("/Resources")
    resources = DictionaryObject(original.get_object().items() if original is not None else ())
    forms = resources.get("/XObject")
    form_dict = DictionaryObject(forms.get_object().items() if forms is not None else ())
    form_dict[NameObject(form_name)] = form
    resources[NameObject("/XObject")] = form_dict
    return resources


def _box(page: DictionaryObject) -> tuple[float, float, float, float]:
    box = page.get("/CropBox") or page.get("/MediaBox")
    if box is None:
        raise StampError("the page has no size")
    x0, y0, x1, y1 = (float(v) for v in box.get_object())
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


Matrix = tuple[float, float, float, float, float, float]


def _placement(page: DictionaryObject) -> tuple[Matrix, float, float]:
    """The matrix that draws upright as the page is displayed, and the displayed size."""
    x0, y0, x1, y1 = _box(page)
    rotation = int(page.get("/Rotate", 0) or 0) % 360
    if rotation == 90:
        return (0, 1, -1, 0, x1, y0), y1 - y0, x1 - x0
    if rotation == 180:
        return (-1, 0, 0, -1, x1, y1), x1 - x0, y1 - y0
    if rotation == 270:
        return (0, -1, 1, 0, x0, y1), y1 - y0, x1 - x0
    return (1, 0, 0, 1, x0, y0), x1 - x0, y1 - y0


def _drawing(matrix: Matrix, form_name: str) -> bytes:
    """Close the page's own graphics state, then draw the bands' form over the page."""
    placed = "{} {} {} {} {:.2f} {:.2f} cm".format(*matrix)
    return "\n".join(["Q", "q", placed, f"{form_name} Do", "Q"]).encode("ascii")


def _bands(writer: PdfWriter, stamp: Stamp, width: float, height: float) -> IndirectObject:
    """The two bands of a page of the given size, as a form with the font embedded in it.

    reportlab draws them (it embeds the glyphs used, with a ToUnicode map, so the stamp's
    text can also be searched and copied); the page it draws becomes the form.
    """
    fonts.register()
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(width, height), invariant=True)
    for text, bottom in ((stamp.top, height - BAND), (stamp.bottom, 0.0)):
        size = _fitting_size(text, width - 2 * MARGIN)
        canvas.setFillColorRGB(1, 1, 1)
        canvas.setStrokeColorRGB(0.7, 0, 0)
        canvas.setLineWidth(0.8)
        canvas.rect(0, bottom, width, BAND, stroke=1, fill=1)
        canvas.setFillColorRGB(0.7, 0, 0)
        canvas.setFont(FONT, size)
        canvas.drawString(MARGIN, bottom + (BAND - size) / 2 + 1, text)
    canvas.showPage()
    canvas.save()
    drawn = PdfReader(io.BytesIO(out.getvalue())).pages[0]
    contents = drawn.get_contents()
    form = StreamObject()
    form.set_data(contents.get_data() if contents is not None else b"")
    form.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject(
                [FloatObject(0), FloatObject(0), FloatObject(width), FloatObject(height)]
            ),
            NameObject("/Resources"): cast(
                DictionaryObject, drawn["/Resources"].get_object()
            ).clone(writer),
        }
    )
    return writer._add_object(form.flate_encode())


def _fitting_size(text: str, width: float) -> float:
    natural = stringWidth(text, FONT, FONT_SIZE)
    if natural <= width or natural == 0:
        return FONT_SIZE
    return max(4.0, FONT_SIZE * width / natural)
