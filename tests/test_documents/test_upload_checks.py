"""Uploads checked on content: active PDFs, markup posing as text and crafted ZIP packages
are refused beside the file field, with nothing stored; confidential PDFs too large to be
stamped are refused at upload."""

from __future__ import annotations

import io
import random
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    TextStringObject,
)
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from portal.auth.models import User
from portal.documents.filetypes import TypeSniffer
from portal.documents.models import Classification, Document, DocumentVersion
from tests.files import document_form, make_docx, make_pdf, make_zip
from tests.files import stored_objects as stored
from tests.people import People

Login = Callable[[User], FlaskClient]
ACTIVE = "PDF-tiedostossa on komentosarjoja, avattaessa käynnistyviä toimintoja"
MARKUP = "Tiedosto on verkkosivu, SVG- tai XML-tiedosto"
PACKAGE = "Tiedosto ei ole kelvollinen Office- tai OpenDocument-tiedosto"
NOT_ALLOWED = "Tämäntyyppistä tiedostoa ei hyväksytä"


def _upload(
    client: FlaskClient,
    content: bytes,
    filename: str,
    classification: Classification = Classification.INTERNAL,
    recipients: list[int] | None = None,
) -> Any:
    return client.post(
        "/documents/new",
        data=document_form(
            content=content,
            filename=filename,
            classification=classification,
            recipients=recipients,
        ),
        content_type="multipart/form-data",
    )


def _refused(response: Any, message: str, db: Any, storage_dir: Path) -> None:
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html
    # Beside the file field: the field's error, linked from the error summary.
    assert 'id="file-error"' in html or 'href="#file"' in html
    assert db.session.scalar(sa.select(sa.func.count(Document.id))) == 0
    assert db.session.scalar(sa.select(sa.func.count(DocumentVersion.id))) == 0
    assert stored(storage_dir) == []


# --- PDFs that act when opened --------------------------------------------------------------


def _written(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _writer() -> PdfWriter:
    return PdfWriter(clone_from=io.BytesIO(make_pdf(pages=2)))


def _script(code: str) -> DictionaryObject:
    return DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject(code)}
    )


def _with_javascript() -> bytes:
    """A document-level script, in the catalog's name tree."""
    writer = _writer()
    scripts = DictionaryObject(
        {
            NameObject("/Names"): ArrayObject(
                [TextStringObject("alku"), writer._add_object(_script("app.alert('hei');"))]
            )
        }
    )
    writer.root_object[NameObject("/Names")] = DictionaryObject(
        {NameObject("/JavaScript"): writer._add_object(scripts)}
    )
    return _written(writer)


def _with_open_action_script() -> bytes:
    writer = _writer()
    writer.root_object[NameObject("/OpenAction")] = writer._add_object(
        _script("app.alert('auki');")
    )
    return _written(writer)


def _annotation(action: DictionaryObject | None = None, subtype: str = "/Link") -> bytes:
    writer = _writer()
    annotation = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject(subtype),
            NameObject("/Rect"): ArrayObject([FloatObject(v) for v in (10, 10, 100, 100)]),
        }
    )
    if action is not None:
        annotation[NameObject("/A")] = action
    writer.pages[1][NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])
    return _written(writer)


def _with_launch() -> bytes:
    return _annotation(
        DictionaryObject(
            {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("x.exe")}
        )
    )


def _with_embedded_file() -> bytes:
    writer = _writer()
    writer.add_attachment("liite.exe", b"MZ" + b"\0" * 100)
    return _written(writer)


def _with_page_action() -> bytes:
    writer = _writer()
    writer.pages[0][NameObject("/AA")] = DictionaryObject({NameObject("/O"): _script("1")})
    return _written(writer)


def _with_rich_media() -> bytes:
    return _annotation(subtype="/RichMedia")


def _with_escaped_name() -> bytes:
    # "/J#61vaScript" is the name /JavaScript to a PDF reader, though not to a grep.
    return _with_javascript().replace(b"/JavaScript", b"/J#61vaScript")


def _unreadable_with_launch() -> bytes:
    # Nothing a library can parse, but a lenient viewer would find the action.
    return b"%PDF-1.4\n1 0 obj << /Type /Action /S /Launch /F (x.exe) >> \n" + b"\0" * 2000


@pytest.mark.parametrize(
    "make",
    [
        _with_javascript,
        _with_open_action_script,
        _with_launch,
        _with_embedded_file,
        _with_page_action,
        _with_rich_media,
        _with_escaped_name,
        _unreadable_with_launch,
    ],
)
@pytest.mark.parametrize("classification", [Classification.INTERNAL, Classification.CONFIDENTIAL])
def test_a_pdf_that_acts_when_opened_is_refused(
    login: Login,
    people: People,
    db: Any,
    storage_dir: Path,
    make: Callable[[], bytes],
    classification: Classification,
) -> None:
    response = _upload(
        login(people.workshop_coordinator),
        make(),
        "raportti.pdf",
        classification,
        [people.provider.id],
    )
    _refused(response, ACTIVE, db, storage_dir)


def test_a_pdf_that_opens_at_a_page_is_accepted(
    login: Login, people: People, db: Any, storage_dir: Path
) -> None:
    writer = _writer()
    writer.open_destination = writer.pages[1]  # an /OpenAction that only shows a place
    response = _upload(
        login(people.workshop_coordinator),
        _written(writer),
        "raportti.pdf",
        Classification.CONFIDENTIAL,
        [people.provider.id],
    )
    assert response.status_code == 303
    assert len(stored(storage_dir)) == 1


# --- Markup posing as text -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "filename"),
    [
        (b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>", "muistio.txt"),
        (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "kuva.txt"),
        (b'<?xml version="1.0"?><lista><nimi>A</nimi></lista>', "lista.csv"),
        (b"\xef\xbb\xbf \n  <html><p>hei</p></html>", "sivu.txt"),
        (b"nimi;arvo\nA;<script>alert(1)</script>\n", "luvut.csv"),
    ],
)
def test_markup_is_not_accepted_as_text(
    login: Login, people: People, db: Any, storage_dir: Path, content: bytes, filename: str
) -> None:
    response = _upload(login(people.workshop_coordinator), content, filename)
    _refused(response, MARKUP, db, storage_dir)


def test_text_that_merely_mentions_angle_brackets_is_accepted(
    login: Login, people: People, storage_dir: Path
) -> None:
    response = _upload(
        login(people.workshop_coordinator), b"Jos a < b ja c > d, niin...\n", "muistio.txt"
    )
    assert response.status_code == 303


# --- Crafted ZIP packages posing as Office files ---------------------------------------------


def _central_directory(data: bytes) -> tuple[int, int]:
    """Where the central directory starts, and where its end record is."""
    end = data.rfind(b"PK\x05\x06")
    (start,) = struct.unpack("<I", data[end + 16 : end + 20])
    return start, end


def _broken_directory() -> bytes:
    data = bytearray(make_docx())
    start, _ = _central_directory(bytes(data))
    data[start : start + 4] = b"XX\x01\x02"
    return bytes(data)


def _directory_past_its_end() -> bytes:
    data = bytearray(make_docx())
    _, end = _central_directory(bytes(data))
    data[end + 12 : end + 16] = struct.pack("<I", 0xFFFFFF)  # directory size
    return bytes(data)


def _directory_cut_short() -> bytes:
    """An end record promising an entry whose header is cut off by the end record itself."""
    data = make_docx()
    start, end = _central_directory(data)
    record = data[end:]
    cut = data[:start] + data[start : start + 20]
    record = record[:10] + struct.pack("<HII", 1, 20, start) + record[20:]
    return cut + record


def _without_content_types() -> bytes:
    return make_zip({"_rels/.rels": b"<Relationships/>", "word/document.xml": b"<w:document/>"})


def _path_traversal() -> bytes:
    return make_zip(
        {
            "[Content_Types].xml": b"<Types/>",
            "word/document.xml": b"<w:document/>",
            "../../../../tmp/evil.sh": b"#!/bin/sh\n",
        }
    )


def _declared_huge() -> bytes:
    data = bytearray(make_docx())
    start, _ = _central_directory(bytes(data))
    data[start + 24 : start + 28] = struct.pack("<I", 0xFFFFFFF0)  # uncompressed size
    return bytes(data)


def _zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("word/document.xml", b"<w:document/>")
        archive.writestr("word/media/nollat.bin", b"\0" * (40 * 1024 * 1024))
    return out.getvalue()


def _duplicate_names() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("word/document.xml", b"<w:document/>")
        with pytest.warns(UserWarning):
            archive.writestr("word/document.xml", b"<w:document>toinen</w:document>")
    return out.getvalue()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (_broken_directory, PACKAGE),
        (_directory_past_its_end, PACKAGE),
        (_directory_cut_short, PACKAGE),
        (_without_content_types, NOT_ALLOWED),
        (_path_traversal, PACKAGE),
        (_declared_huge, PACKAGE),
        (_zip_bomb, PACKAGE),
        (_duplicate_names, PACKAGE),
    ],
)
def test_a_crafted_package_posing_as_docx_is_refused_and_nothing_is_left(
    login: Login,
    people: People,
    db: Any,
    storage_dir: Path,
    make: Callable[[], bytes],
    message: str,
) -> None:
    response = _upload(login(people.workshop_coordinator), make(), "raportti.docx")
    _refused(response, message, db, storage_dir)


def test_damaged_packages_never_break_the_check() -> None:
    """Bytes changed at random in a package: the check answers, it never raises."""
    original = make_docx()
    rng = random.Random(621)
    for _ in range(400):
        damaged = bytearray(original)
        for _ in range(rng.randint(1, 8)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        cut = rng.choice([len(damaged), rng.randrange(4, len(damaged))])
        sniffer = TypeSniffer()
        sniffer.feed(bytes(damaged[:cut]))
        sniffer.detect("raportti.docx")


def test_a_failure_after_the_file_is_stored_leaves_nothing(
    app: Flask,
    login: Login,
    people: People,
    db: Any,
    storage_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Whatever fails once the bytes are in storage (a bug, a library's unexpected error in
    the content check, the database), the stored file goes with the rolled-back rows."""
    from portal.documents import files

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RecursionError("the content check broke")

    monkeypatch.setattr(files, "check_file", broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    try:
        response = _upload(login(people.workshop_coordinator), make_pdf(), "raportti.pdf")
    finally:
        app.config["PROPAGATE_EXCEPTIONS"] = None
    assert response.status_code == 500
    assert db.session.scalar(sa.select(sa.func.count(Document.id))) == 0
    assert stored(storage_dir) == []


def test_a_field_in_an_unknown_character_set_after_the_file_is_a_400_leaving_nothing(
    login: Login, people: People, db: Any, storage_dir: Path
) -> None:
    from tests.test_documents.test_upload import raw_post

    body = (
        b'--rajaraja\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n'
        b"Content-Type: text/plain\r\n\r\nMuistio\r\n"
        b'--rajaraja\r\nContent-Disposition: form-data; name="title"\r\n'
        b"Content-Type: text/plain; charset=x-ei-ole\r\n\r\nOtsikko\r\n--rajaraja--\r\n"
    )
    response = raw_post(
        login(people.workshop_coordinator), "/documents/new", io.BytesIO(body), length=len(body)
    )
    assert response.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count(Document.id))) == 0
    assert stored(storage_dir) == []


# --- Confidential PDFs too large to stamp ----------------------------------------------------


def _big_pdf(size: int) -> bytes:
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4, pageCompression=0)
    line = 0
    while line * 80 < size:
        for _ in range(2000):
            pdf.drawString(20, 20 + line % 800, f"Rivi {line} " + "x" * 60)
            line += 1
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def test_a_confidential_pdf_over_the_stamping_limit_is_refused_at_upload(
    app: Flask, login: Login, people: People, db: Any, storage_dir: Path
) -> None:
    big = _big_pdf(1_300_000)
    assert len(big) > 1024 * 1024
    client = login(people.workshop_coordinator)
    app.config["STAMP_MAX_MB"] = 1
    try:
        response = _upload(
            client, big, "iso.pdf", Classification.CONFIDENTIAL, [people.provider.id]
        )
        _refused(response, "enintään 1 Mt:n ja 2000 sivun PDF-tiedostoille", db, storage_dir)
        # Not stamped, so not limited: the same PDF shared as internal.
        response = _upload(client, big, "iso.pdf", Classification.INTERNAL)
        assert response.status_code == 303
    finally:
        app.config["STAMP_MAX_MB"] = 20


def test_a_confidential_pdf_of_too_many_pages_is_refused_at_upload(
    login: Login,
    people: People,
    db: Any,
    storage_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from portal.documents import stamp

    monkeypatch.setattr(stamp, "MAX_PAGES", 2)
    response = _upload(
        login(people.workshop_coordinator),
        make_pdf(pages=3),
        "raportti.pdf",
        Classification.CONFIDENTIAL,
        [people.provider.id],
    )
    _refused(response, "leimataan ladattaessa jokaiselle sivulle", db, storage_dir)


def test_a_new_version_that_acts_when_opened_is_refused_too(
    login: Login, people: People, make_document: Any, db: Any, storage_dir: Path
) -> None:
    document = make_document()
    before = stored(storage_dir)
    response = login(people.workshop_coordinator).post(
        f"/documents/{document.id}/versions/new",
        data={"file": (io.BytesIO(_with_launch()), "uusi.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert ACTIVE in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(DocumentVersion.id))) == 1
    assert stored(storage_dir) == before


def test_damaged_pdfs_are_refused_or_accepted_never_an_error(app: Flask) -> None:
    """Bytes changed at random in a PDF: the checks answer, they never raise."""
    from portal.core.storage import EncryptedStorage, LocalDirectory
    from portal.documents.filetypes import pdf_active_content
    from portal.documents.stamp import StampError, check_stampable

    original = _with_javascript()
    rng = random.Random(1999)
    storage_root = Path(app.config["STORAGE_DIR"])
    storage = EncryptedStorage(LocalDirectory(storage_root), bytes(32))
    for _ in range(150):
        damaged = bytearray(original)
        for _ in range(rng.randint(1, 12)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        key = storage.write([bytes(damaged)])
        with storage.open(key) as source:
            for thorough in (True, False):
                pdf_active_content(source, thorough=thorough)  # type: ignore[arg-type]
            try:
                check_stampable(source, 10 * 1024 * 1024)
            except StampError:
                pass
        storage.delete(key)
