"""A stamped PDF is a rewritten PDF: no piece of the download is the unstamped original."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from portal.auth.models import User
from tests.files import make_pdf
from tests.people import People
from tests.test_documents.conftest import MakeDocument

Login = Callable[[User], FlaskClient]
STAMP = "LUOTTAMUKSELLINEN – vastaanottaja: Ammattiopisto Luovi"


def _download(client: FlaskClient, document: Any) -> bytes:
    version = document.versions[0]
    response = client.get(f"/documents/{document.id}/versions/{version.id}/download")
    assert response.status_code == 200
    return response.get_data()


def _with_revisions() -> bytes:
    """A PDF as many programs save them: the original, then incremental updates after it."""
    first = PdfWriter(io.BytesIO(make_pdf(pages=3)), incremental=True)
    first.add_metadata({"/Title": "Ensimmäinen päivitys"})
    once = io.BytesIO()
    first.write(once)
    second = PdfWriter(io.BytesIO(once.getvalue()), incremental=True)
    second.add_metadata({"/Title": "Toinen päivitys"})
    twice = io.BytesIO()
    second.write(twice)
    return twice.getvalue()


def _with_leftovers() -> bytes:
    """Page thumbnails and an application's private data: copies that a stamp would miss."""
    writer = PdfWriter(clone_from=io.BytesIO(make_pdf(pages=2)))
    for page in writer.pages:
        page[NameObject("/PieceInfo")] = writer._add_object(DictionaryObject())
        page[NameObject("/Thumb")] = writer._add_object(DictionaryObject())
    writer.root_object[NameObject("/PieceInfo")] = DictionaryObject()
    # Stored before uploads were checked for it: a script run on opening.
    writer.root_object[NameObject("/OpenAction")] = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("1")}
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize("content", [make_pdf(pages=3, rotate_last=True), _with_revisions()])
def test_every_readable_piece_of_a_stamped_download_is_stamped(
    login: Login, people: People, make_document: MakeDocument, content: bytes
) -> None:
    # The stored file itself has earlier revisions that end in %%EOF.
    assert content.count(b"%%EOF") >= 1
    data = _download(login(people.provider_coordinator), make_document(content=content))
    cuts = sorted(m.end() for m in re.finditer(rb"%%EOF|startxref", data))
    assert cuts and cuts[-1] >= len(data.rstrip())
    readable = 0
    for cut in cuts + [len(data)]:
        try:
            pages = PdfReader(io.BytesIO(data[:cut])).pages
            texts = [page.extract_text() for page in pages]
        except Exception:  # noqa: BLE001 - any failure to read is what the cut should cause
            continue
        if not texts:
            continue
        readable += 1
        for text in texts:
            assert STAMP in text, (cut, len(data), text)
    assert readable >= 1
    # The original's bytes (its own %%EOF included) are not inside the download.
    assert content[: content.index(b"%%EOF")] not in data


def test_thumbnails_private_application_data_and_open_actions_are_left_out(
    login: Login, people: People, make_document: MakeDocument
) -> None:
    data = _download(login(people.provider_coordinator), make_document(content=_with_leftovers()))
    reader = PdfReader(io.BytesIO(data))
    assert "/PieceInfo" not in reader.trailer["/Root"]
    assert "/OpenAction" not in reader.trailer["/Root"]
    for page in reader.pages:
        assert "/Thumb" not in page and "/PieceInfo" not in page
        assert STAMP in page.extract_text()


def test_scripts_and_embedded_files_stored_before_the_checks_are_not_passed_on(
    login: Login, people: People, make_document: MakeDocument
) -> None:
    from tests.test_documents.test_upload_checks import _with_javascript

    writer = PdfWriter(clone_from=io.BytesIO(_with_javascript()))
    writer.add_attachment("liite.exe", b"MZ")
    out = io.BytesIO()
    writer.write(out)
    data = _download(login(people.provider_coordinator), make_document(content=out.getvalue()))
    names = PdfReader(io.BytesIO(data)).trailer["/Root"]["/Names"]
    assert "/JavaScript" not in names and "/EmbeddedFiles" not in names
    assert b"app.alert" not in data
