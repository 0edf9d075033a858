"""Stamping confidential PDFs on download, in constant memory.

The stamp is written as a PDF *incremental update*: the stored file is streamed out as it
is, followed by new versions of the page objects whose content ends with the stamp, and a
cross-reference section pointing at them. The PDF library only reads the page tree (never
the page contents or images), so a large PDF costs no more memory than a small one.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any, cast

from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    PdfObject,
)
from reportlab.pdfbase.pdfmetrics import stringWidth

from portal.core.storage import DecryptingReader

FONT = "Helvetica-Bold"
FONT_SIZE = 8.0
BAND = 14.0
MARGIN = 6.0


class StampError(Exception):
    """The PDF cannot be read or changed (malformed, or protected with a password)."""


@dataclass(frozen=True)
class Stamp:
    top: str
    bottom: str


def check_stampable(source: DecryptingReader) -> None:
    """Refuse now a PDF that could not be stamped on download."""
    _open(source)


def _open(source: DecryptingReader) -> PdfReader:
    source.seek(0)
    try:
        reader = PdfReader(cast(IO[bytes], source))
        if reader.is_encrypted:
            raise StampError("the PDF is protected with a password")
        pages = list(reader.pages)
        if not pages or any(page.indirect_reference is None for page in pages):
            raise StampError("the PDF has no pages of its own")
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise StampError(str(exc)) from exc
    return reader


def stamped(source: DecryptingReader, stamp: Stamp) -> Iterator[bytes]:
    """The PDF with the stamp on every page: the stored bytes, then the update.

    The update is prepared here, before the first byte is sent, so that a PDF that cannot
    be stamped is refused instead of being served unstamped.
    """
    reader = _open(source)
    try:
        update = _update(reader, source, stamp)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise StampError(str(exc)) from exc
    source.seek(0)
    return _followed_by(source, update)


def _followed_by(source: DecryptingReader, update: bytes) -> Iterator[bytes]:
    yield from source.chunks()
    yield update


def _update(reader: PdfReader, source: DecryptingReader, stamp: Stamp) -> bytes:
    original_size = source.size
    previous_xref, classic = _previous_xref(source)
    source.seek(original_size - 1)
    out = io.BytesIO()
    if source.read(1) not in (b"\n", b"\r"):
        out.write(b"\n")
    trailer = reader.trailer
    next_number = int(cast(Any, trailer["/Size"]))
    offsets: dict[int, tuple[int, int]] = {}

    def begin(number: int, generation: int = 0) -> None:
        offsets[number] = (original_size + out.tell(), generation)
        out.write(f"{number} {generation} obj\n".encode())

    def new_stream(data: bytes) -> int:
        nonlocal next_number
        number = next_number
        next_number += 1
        begin(number)
        out.write(b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream\nendobj\n")
        return number

    font = next_number
    next_number += 1
    begin(font)
    out.write(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold"
        b" /Encoding /WinAnsiEncoding >>\nendobj\n"
    )
    save_state = new_stream(b"q")

    for page in reader.pages:
        reference = page.indirect_reference
        assert reference is not None
        font_name = _free_name(page, "/Font", "SiltaStamp")
        drawing = new_stream(_drawing(page, stamp, font_name))
        updated = DictionaryObject({k: v for k, v in page.items()})
        updated[NameObject("/Contents")] = ArrayObject(
            [
                IndirectObject(save_state, 0, reader),
                *_contents(page),
                IndirectObject(drawing, 0, reader),
            ]
        )
        updated[NameObject("/Resources")] = _resources(page, font_name, font, reader)
        begin(reference.idnum, reference.generation)
        updated.write_to_stream(out)
        out.write(b"\nendobj\n")

    extra = DictionaryObject()
    for key in ("/Root", "/Info", "/ID"):
        if key in trailer:
            extra[NameObject(key)] = trailer.raw_get(key)
    if classic:
        _classic_xref(out, offsets, next_number, extra, previous_xref, original_size)
    else:
        _xref_stream(out, offsets, next_number, extra, previous_xref, original_size)
    return out.getvalue()


def _previous_xref(source: DecryptingReader) -> tuple[int, bool]:
    """Where the file's last cross-reference section is, and whether it is a classic table."""
    source.seek(max(0, source.size - 2048))
    tail = source.read()
    matches = list(re.finditer(rb"startxref\s+(\d+)", tail))
    if not matches:
        raise StampError("startxref not found")
    offset = int(matches[-1].group(1))
    source.seek(offset)
    return offset, source.read(4) == b"xref"


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


def _resources(
    page: DictionaryObject, font_name: str, font: int, reader: PdfReader
) -> DictionaryObject:
    original = page.get("/Resources")
    resources = DictionaryObject(original.get_object().items() if original is not None else ())
    fonts = resources.get("/Font")
    font_dict = DictionaryObject(fonts.get_object().items() if fonts is not None else ())
    font_dict[NameObject(font_name)] = IndirectObject(font, 0, reader)
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


def _classic_xref(
    out: io.BytesIO,
    offsets: dict[int, tuple[int, int]],
    size: int,
    extra: DictionaryObject,
    previous: int,
    original_size: int,
) -> None:
    xref_at = original_size + out.tell()
    out.write(b"xref\n")
    for start, numbers in _runs(sorted(offsets)):
        out.write(f"{start} {len(numbers)}\n".encode())
        for number in numbers:
            offset, generation = offsets[number]
            out.write(f"{offset:010d} {generation:05d} n\r\n".encode())
    out.write(b"trailer\n")
    trailer = DictionaryObject(extra)
    trailer[NameObject("/Size")] = _number(size)
    trailer[NameObject("/Prev")] = _number(previous)
    trailer.write_to_stream(out)
    out.write(f"\nstartxref\n{xref_at}\n%%EOF\n".encode())


def _xref_stream(
    out: io.BytesIO,
    offsets: dict[int, tuple[int, int]],
    size: int,
    extra: DictionaryObject,
    previous: int,
    original_size: int,
) -> None:
    xref_number = size
    xref_at = original_size + out.tell()
    offsets = {**offsets, xref_number: (xref_at, 0)}
    runs = _runs(sorted(offsets))
    rows = b"".join(
        bytes([1]) + offsets[n][0].to_bytes(4, "big") + offsets[n][1].to_bytes(2, "big")
        for _, numbers in runs
        for n in numbers
    )
    index = " ".join(f"{start} {len(numbers)}" for start, numbers in runs)
    out.write(f"{xref_number} 0 obj\n".encode())
    header = DictionaryObject(extra)
    header[NameObject("/Type")] = NameObject("/XRef")
    header[NameObject("/Size")] = _number(xref_number + 1)
    header[NameObject("/Prev")] = _number(previous)
    header[NameObject("/W")] = ArrayObject([_number(1), _number(4), _number(2)])
    header[NameObject("/Index")] = ArrayObject([_number(int(v)) for v in index.split()])
    header[NameObject("/Length")] = _number(len(rows))
    header.write_to_stream(out)
    out.write(b"\nstream\n" + rows + b"\nendstream\nendobj\n")
    out.write(f"startxref\n{xref_at}\n%%EOF\n".encode())


def _runs(numbers: list[int]) -> list[tuple[int, list[int]]]:
    runs: list[tuple[int, list[int]]] = []
    for number in numbers:
        if runs and runs[-1][1][-1] == number - 1:
            runs[-1][1].append(number)
        else:
            runs.append((number, [number]))
    return runs


def _number(value: int) -> PdfObject:
    from pypdf.generic import NumberObject

    return NumberObject(value)
