"""Downloads: confidential and secret PDFs stamped on every page, everything else as stored."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader, PdfWriter

from portal.auth.models import User
from portal.documents.models import Classification
from tests.test_documents.conftest import PNG, MakeDocument, People, make_pdf

Login = Callable[[User], FlaskClient]


def _download(client: FlaskClient, document: Any) -> Any:
    version = document.versions[0]
    return client.get(f"/documents/{document.id}/versions/{version.id}/download")


def _page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def test_a_confidential_pdf_is_stamped_on_every_page_for_the_recipient(
    login: Login, people: People, make_document: MakeDocument
) -> None:
    document = make_document(content=make_pdf(pages=3, rotate_last=True))
    response = _download(login(people.recipient), document)
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="raportti.pdf"')
    texts = _page_texts(response.get_data())
    assert len(texts) == 3
    for number, text in enumerate(texts, start=1):
        assert f"Alkuperäinen sisältö – sivu {number}" in text
        assert "LUOTTAMUKSELLINEN – vastaanottaja: Ammattiopisto Luovi" in text
        assert "Ladannut Päivi Korhonen, Ammattiopisto Luovi" in text


def test_a_secret_pdf_carries_its_legal_basis_in_the_users_language(
    login: Login, people: People, make_document: MakeDocument, db: Any
) -> None:
    document = make_document(classification=Classification.SECRET)
    people.recipient.locale = "sv"
    db.session.commit()
    text = _page_texts(_download(login(people.recipient), document).get_data())[0]
    assert "SEKRETESSBELAGD (JulkL 24 § 1 mom 25 k) – mottagare: Ammattiopisto Luovi" in text
    assert "Nedladdat av Päivi Korhonen" in text


def test_a_pdf_with_a_cross_reference_stream_is_stamped_too(
    login: Login, people: People, make_document: MakeDocument
) -> None:
    # An incremental update by pypdf ends in a cross-reference stream (PDF 1.5).
    writer = PdfWriter(io.BytesIO(make_pdf(pages=2)), incremental=True)
    writer.add_metadata({"/Title": "Päivitetty"})
    updated = io.BytesIO()
    writer.write(updated)
    document = make_document(content=updated.getvalue())
    texts = _page_texts(_download(login(people.owner), document).get_data())
    assert all("Maria Virtanen, Parik-säätiö" in text for text in texts)


def test_other_files_and_classifications_are_served_as_stored(
    login: Login, people: People, make_document: MakeDocument
) -> None:
    pdf = make_pdf()
    internal = make_document(classification=Classification.INTERNAL, content=pdf)
    response = _download(login(people.recipient), internal)
    assert response.get_data() == pdf
    assert response.content_length == len(pdf)
    image = make_document(content=PNG, filename="kaavio.png")
    response = _download(login(people.recipient), image)
    assert response.get_data() == PNG and response.mimetype == "image/png"
    text = make_document(content=b"Hei\n", filename="muistio.txt")
    response = _download(login(people.recipient), text)
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"


def test_a_password_protected_pdf_cannot_be_shared_as_confidential(
    login: Login, people: People
) -> None:
    writer = PdfWriter(clone_from=io.BytesIO(make_pdf()))
    writer.encrypt("salasana")
    protected = io.BytesIO()
    writer.write(protected)
    from tests.test_documents.conftest import document_form

    response = login(people.owner).post(
        "/documents/new",
        data=document_form(content=protected.getvalue(), recipients=[people.luovi.id]),
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "suojattu salasanalla" in response.get_data(as_text=True)


@pytest.mark.parametrize("htmx", [False, True])
def test_downloads_are_logged(
    login: Login, people: People, make_document: MakeDocument, app: Flask, htmx: bool
) -> None:
    from portal.documents.models import AccessAction, AccessLogEntry
    from portal.extensions import db

    document = make_document()
    headers = {"HX-Request": "true"} if htmx else {}
    client = login(people.recipient)
    version = document.versions[0]
    client.get(
        f"/documents/{document.id}/versions/{version.id}/download",
        headers=headers,
        environ_base={"REMOTE_ADDR": "10.1.2.3"},
    )
    entry = db.session.query(AccessLogEntry).one()
    assert (entry.user_id, entry.party_id, entry.version_id, entry.action, entry.address) == (
        people.recipient.id,
        people.luovi.id,
        version.id,
        AccessAction.DOWNLOAD,
        "10.1.2.3",
    )


def test_the_stamp_prints_every_letter_of_a_name_and_an_english_time(
    login: Login, people: People, make_document: MakeDocument, db: Any
) -> None:
    # Finnish, Swedish, Northern Sámi and Cyrillic letters: none may turn into "?".
    people.recipient.name = "Åsa Törnqvist-Äijälä Máret Čeđŋšŧž Ярослава"
    people.recipient.locale = "en"
    db.session.commit()
    document = make_document(content=make_pdf(pages=2))
    texts = _page_texts(_download(login(people.recipient), document).get_data())
    for text in texts:
        assert "Downloaded by Åsa Törnqvist-Äijälä Máret Čeđŋšŧž Ярослава" in text
        assert "?" not in text
        # English as written in Finland: day/month/year and the 24-hour clock.
        assert re.search(r"\d\d/\d\d/20\d\d, \d\d:\d\d\.", text), text
        assert "AM" not in text and "PM" not in text
