"""Uploading: the form, the type allow-list on content, the size limit, cut-off uploads."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from portal.auth.models import User
from portal.documents.filetypes import PDF, ascii_filename, clean_filename
from portal.documents.models import Classification, Document, DocumentVersion
from portal.notifications.models import Notification
from tests.conftest import csrf_token_from
from tests.files import (
    EXECUTABLE,
    JPEG,
    PNG,
    document_form,
    make_docx,
    make_odt,
    make_pdf,
    make_zip,
    stored_objects,
)
from tests.people import People
from tests.test_documents.conftest import MakeDocument

Login = Callable[[User], FlaskClient]


def _documents(db: Any) -> list[Document]:
    return list(db.session.scalars(sa.select(Document)))


def test_owner_shares_a_confidential_pdf_with_a_recipient(
    login: Login, people: People, db: Any, storage_dir: Path
) -> None:
    client = login(people.workshop_coordinator)
    pdf = make_pdf()
    response = client.post(
        "/documents/new",
        data=document_form(recipients=[people.provider.id], content=pdf),
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    document = _documents(db)[0]
    assert response.headers["Location"] == f"/documents/{document.id}"
    assert document.classification == Classification.CONFIDENTIAL
    assert [p.name for p in document.recipients] == ["Ammattiopisto Luovi"]
    version = document.versions[0]
    assert (version.number, version.filename, version.content_type, version.size) == (
        1,
        "raportti.pdf",
        "application/pdf",
        len(pdf),
    )
    # Stored encrypted, under a name that has nothing of the user's.
    [stored] = stored_objects(storage_dir)
    assert b"%PDF" not in stored.read_bytes() and "raportti" not in str(stored)
    # The recipient's coordinator is told; its staff are not, as they may not see it.
    told = db.session.scalars(sa.select(Notification.user_id)).all()
    assert told == [people.provider_coordinator.id]

    page = client.get(f"/documents/{document.id}")
    assert "Luottamuksellinen" in page.get_data(as_text=True)


def test_staff_are_told_when_they_may_see_it(login: Login, people: People, db: Any) -> None:
    client = login(people.workshop_staff)
    response = client.post(
        "/documents/new",
        data=document_form(recipients=[people.provider.id], staff_may_see=True),
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    told = set(db.session.scalars(sa.select(Notification.user_id)))
    assert told == {people.provider_coordinator.id, people.provider_staff.id}


@pytest.mark.parametrize(
    ("content", "filename", "content_type"),
    [
        (make_pdf(), "a.pdf", "application/pdf"),
        (
            make_docx(),
            "muistio.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (make_odt(), "muistio.odt", "application/vnd.oasis.opendocument.text"),
        (PNG, "kuva.png", "image/png"),
        (JPEG, "kuva.jpg", "image/jpeg"),
        ("nimi;määrä\nä;1\n".encode(), "luvut.csv", "text/csv"),
        ("Hyvää päivää\n".encode(), "muistio.txt", "text/plain"),
    ],
)
def test_allowed_types_are_recognised_by_content(
    login: Login, people: People, db: Any, content: bytes, filename: str, content_type: str
) -> None:
    response = login(people.workshop_coordinator).post(
        "/documents/new",
        data=document_form(
            classification=Classification.INTERNAL, content=content, filename=filename
        ),
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    assert _documents(db)[0].versions[0].content_type == content_type


@pytest.mark.parametrize(
    ("content", "filename"),
    [
        (EXECUTABLE, "lasku.pdf"),
        (b"\x7fELF\x02\x01\x01" + b"\x00" * 100, "raportti.docx"),
        (make_zip({"readme.txt": b"hello"}), "taulukko.xlsx"),
        (
            make_zip(
                {
                    "[Content_Types].xml": b"<Types/>",
                    "word/document.xml": b"<w/>",
                    "word/vbaProject.bin": b"macro",
                }
            ),
            "makro.docx",
        ),
        (b"<html><script>alert(1)</script>\x00</html>", "sivu.txt"),
        (b"", "tyhja.pdf"),
    ],
)
def test_a_spoofed_or_unknown_type_is_refused_and_nothing_is_kept(
    login: Login, people: People, db: Any, storage_dir: Path, content: bytes, filename: str
) -> None:
    response = login(people.workshop_coordinator).post(
        "/documents/new",
        data=document_form(content=content, filename=filename, recipients=[people.provider.id]),
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Tämäntyyppistä tiedostoa ei hyväksytä" in html
    assert 'value="Yhteistyöraportti"' in html  # what was typed is kept
    assert _documents(db) == []
    assert stored_objects(storage_dir) == []


def test_form_errors_are_shown_beside_the_fields_and_the_file_is_not_kept(
    login: Login, people: People, db: Any, storage_dir: Path
) -> None:
    response = login(people.workshop_coordinator).post(
        "/documents/new",
        data=document_form(classification=Classification.SECRET, recipients=[]),
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="legal_basis-error"' in html
    assert "Valitse tiedosto uudelleen" in html
    assert _documents(db) == []
    assert stored_objects(storage_dir) == []


def test_confidential_needs_a_recipient_and_a_supporting_organisation_is_none(
    login: Login, people: People, db: Any, storage_dir: Path
) -> None:
    client = login(people.workshop_coordinator)
    response = client.post(
        "/documents/new", data=document_form(recipients=[]), content_type="multipart/form-data"
    )
    assert response.status_code == 422
    assert 'id="recipients-error"' in response.get_data(as_text=True)
    response = client.post(
        "/documents/new",
        data=document_form(recipients=[people.supporting.id]),
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "Työpajayhdistys" not in client.get("/documents/new").get_data(as_text=True)
    assert _documents(db) == [] and stored_objects(storage_dir) == []


def test_a_secret_document_records_its_legal_basis(login: Login, people: People, db: Any) -> None:
    response = login(people.workshop_coordinator).post(
        "/documents/new",
        data=document_form(
            classification=Classification.SECRET,
            recipients=[people.provider.id],
            legal_basis="JulkL 24 § 1 mom 25 k",
        ),
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    assert _documents(db)[0].legal_basis == "JulkL 24 § 1 mom 25 k"


def test_no_file_chosen(login: Login, people: People, db: Any) -> None:
    data = document_form(classification=Classification.INTERNAL)
    data["file"] = (io.BytesIO(b""), "")
    response = login(people.workshop_coordinator).post(
        "/documents/new", data=data, content_type="multipart/form-data"
    )
    assert response.status_code == 422
    assert "Valitse ladattava tiedosto" in response.get_data(as_text=True)


def test_an_oversized_file_is_answered_with_a_413_page_and_leaves_nothing(
    app: Flask, login: Login, people: People, db: Any, storage_dir: Path
) -> None:
    client = login(people.workshop_coordinator)
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024
    try:
        response = client.post(
            "/documents/new",
            data=document_form(content=b"%PDF-1.4\n" + b"0" * 1_200_000),
            content_type="multipart/form-data",
        )
    finally:
        app.config["MAX_CONTENT_LENGTH"] = 50 * 1024 * 1024
    assert response.status_code == 413
    html = response.get_data(as_text=True)
    assert "Tiedosto on liian suuri" in html and "1 Mt" in html
    assert _documents(db) == [] and stored_objects(storage_dir) == []


def _multipart(fields: dict[str, str], file: bytes, boundary: str = "rajaraja") -> bytes:
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n".encode()
        + file
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return b"".join(parts)


def raw_post(
    client: FlaskClient, path: str, body: Any, *, length: int | None, boundary: str = "rajaraja"
) -> Any:
    """POST a body as a server would receive it: from a socket, of the declared length, or
    chunked (no length) when ``length`` is None."""
    environ = EnvironBuilder(path=path, method="POST").get_environ()
    environ["wsgi.input"] = body
    environ["CONTENT_TYPE"] = f"multipart/form-data; boundary={boundary}"
    if length is None:
        environ.pop("CONTENT_LENGTH", None)
        environ["HTTP_TRANSFER_ENCODING"] = "chunked"
        environ["wsgi.input_terminated"] = True
    else:
        environ["CONTENT_LENGTH"] = str(length)
    return client.open(Request(environ))


class CutConnection(io.RawIOBase):
    """A request body whose connection drops after ``limit`` bytes."""

    def __init__(self, body: bytes, limit: int) -> None:
        self._body = io.BytesIO(body[:limit])

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._body.read(len(buffer))
        if not data:
            raise ConnectionResetError("the client went away")
        buffer[: len(data)] = data
        return len(data)


def test_an_upload_cut_off_half_way_leaves_no_trace(
    login: Login, people: People, db: Any, storage_dir: Path, runner: Any
) -> None:
    client = login(people.workshop_coordinator)
    body = _multipart(
        {"title": "Katkennut", "classification": "internal"}, b"%PDF-1.4\n" + b"1" * 500_000
    )
    # The server sees the connection drop while it streams the file into storage.
    response = raw_post(client, "/documents/new", CutConnection(body, 300_000), length=len(body))
    assert response.status_code == 400
    assert _documents(db) == []
    assert db.session.scalar(sa.select(sa.func.count(DocumentVersion.id))) == 0
    assert stored_objects(storage_dir) == []
    # A body that simply ends early (the client stops sending) is a 400, with nothing kept.
    response = raw_post(client, "/documents/new", io.BytesIO(body[:300_000]), length=len(body))
    assert response.status_code == 400
    assert _documents(db) == [] and stored_objects(storage_dir) == []


def test_a_chunked_body_over_the_limit_is_stopped_while_streaming(
    app: Flask, login: Login, people: People, db: Any, storage_dir: Path
) -> None:
    client = login(people.workshop_coordinator)
    body = _multipart(
        {"title": "Iso", "classification": "internal"}, b"%PDF-1.4\n" + b"2" * 3_000_000
    )
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024
    try:
        response = raw_post(client, "/documents/new", io.BytesIO(body), length=None)
    finally:
        app.config["MAX_CONTENT_LENGTH"] = 50 * 1024 * 1024
    assert response.status_code == 413
    assert _documents(db) == [] and stored_objects(storage_dir) == []


def test_upload_needs_the_csrf_token_before_the_file(
    login: Login, people: People, db: Any, storage_dir: Path, csrf_enabled: None
) -> None:
    client = login(people.workshop_coordinator)
    data = document_form(classification=Classification.INTERNAL)
    response = client.post("/documents/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 400
    assert _documents(db) == [] and stored_objects(storage_dir) == []

    token = csrf_token_from(client.get("/documents/new").get_data(as_text=True))
    data = {"csrf_token": token, **document_form(classification=Classification.INTERNAL)}
    response = client.post("/documents/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 303

    data = document_form(classification=Classification.INTERNAL, title="Otsakkeella")
    response = client.post(
        "/documents/new",
        data=data,
        content_type="multipart/form-data",
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 303


def test_file_names_are_cleaned(login: Login, people: People, db: Any) -> None:
    client = login(people.workshop_coordinator)
    response = client.post(
        "/documents/new",
        data=document_form(
            classification=Classification.INTERNAL,
            filename="../../etc/pöytä:kirja <x>*?.exe",
        ),
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    version = _documents(db)[0].versions[0]
    assert version.filename == "pöytä_kirja _x_.exe.pdf"
    download = client.get(f"/documents/{version.document_id}/versions/{version.id}/download")
    disposition = download.headers["Content-Disposition"]
    assert disposition == (
        'attachment; filename="poyta_kirja _x_.exe.pdf"; '
        "filename*=UTF-8''p%C3%B6yt%C3%A4_kirja%20_x_.exe.pdf"
    )


def test_new_version_keeps_the_old_one_readable(
    login: Login, people: People, db: Any, make_document: MakeDocument
) -> None:
    document = make_document(content=make_pdf(text="Ensimmäinen"))
    client = login(people.workshop_staff)
    response = client.post(
        f"/documents/{document.id}/versions/new",
        data={"file": (io.BytesIO(make_pdf(text="Toinen")), "raportti v2.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    db.session.refresh(document)
    assert [v.number for v in document.versions] == [2, 1]
    # The front page finds the document by its newest version's time.
    assert document.latest_version_at == document.versions[0].uploaded_at
    assert document.versions[0].uploaded_at > document.versions[1].uploaded_at
    reader = login(people.provider_coordinator)
    for version in document.versions:
        response = reader.get(f"/documents/{document.id}/versions/{version.id}/download")
        assert response.status_code == 200
    # The recipient may not add versions; another party does not even see the document.
    assert reader.get(f"/documents/{document.id}/versions/new").status_code == 403
    assert (
        login(people.social_coordinator).get(f"/documents/{document.id}/versions/new").status_code
        == 404
    )


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ('"raportti"\r\n<script>.pdf', "raportti_script.pdf"),
        ("../../etc/passwd", "passwd.pdf"),
        ("C:\\Users\\Maria\\muistio.pdf", "muistio.pdf"),
        ("   ", "document.pdf"),
        ("a" * 300 + ".pdf", "a" * 196 + ".pdf"),
        ("Pöytäkirja 1.PDF", "Pöytäkirja 1.PDF"),
    ],
)
def test_clean_filename(raw: str, cleaned: str) -> None:
    assert clean_filename(raw, PDF) == cleaned
    fallback = ascii_filename(cleaned)
    assert fallback.isascii() and '"' not in fallback and "\r" not in fallback
