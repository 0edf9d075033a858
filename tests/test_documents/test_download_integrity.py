"""A stored file is bound to its row: swapped or altered on disk, it is refused, never served
under another document's name and mark."""

from __future__ import annotations

import hashlib
import secrets
import struct
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from portal.auth.models import User
from portal.core.audit import AuditEvent
from portal.core.storage import CHUNK_SIZE, MAGIC_V1, StorageError, _nonce, _object_cipher
from portal.documents import downloads
from portal.documents.models import Classification, Document
from tests.files import make_pdf
from tests.people import People
from tests.test_documents.conftest import MakeDocument

Login = Callable[[User], FlaskClient]


@pytest.fixture
def errors_as_pages(app: Flask) -> Any:
    app.config["PROPAGATE_EXCEPTIONS"] = False
    yield
    app.config["PROPAGATE_EXCEPTIONS"] = None


def _path(storage_dir: Path, document: Document) -> Path:
    key = document.versions[0].storage_key
    assert key is not None
    return storage_dir / key


def _url(document: Document) -> str:
    return f"/documents/{document.id}/versions/{document.versions[0].id}/download"


def _refused_events(db: Any) -> list[AuditEvent]:
    return list(
        db.session.scalars(sa.select(AuditEvent).where(AuditEvent.event == "document.file_refused"))
    )


@pytest.mark.parametrize("classification", [Classification.INTERNAL, Classification.CONFIDENTIAL])
def test_two_stored_files_swapped_on_disk_are_both_refused(
    login: Login,
    people: People,
    make_document: MakeDocument,
    storage_dir: Path,
    db: Any,
    errors_as_pages: None,
    classification: Classification,
) -> None:
    first_pdf = make_pdf(text="Ensimmäinen asiakirja")
    second_pdf = make_pdf(text="Toinen asiakirja")
    first = make_document(content=first_pdf, classification=classification, title="Eka")
    second = make_document(content=second_pdf, classification=classification, title="Toka")
    a, b = _path(storage_dir, first), _path(storage_dir, second)
    a_bytes, b_bytes = a.read_bytes(), b.read_bytes()
    a.write_bytes(b_bytes)
    b.write_bytes(a_bytes)
    client = login(people.provider_coordinator)
    for document, other in ((first, second_pdf), (second, first_pdf)):
        response = client.get(_url(document))
        assert response.status_code == 500
        assert response.mimetype == "text/html"
        assert b"asiakirja" not in response.get_data() and other not in response.get_data()
    assert len(_refused_events(db)) == 2


def test_a_flipped_byte_is_refused(
    login: Login,
    people: People,
    make_document: MakeDocument,
    storage_dir: Path,
    db: Any,
    errors_as_pages: None,
) -> None:
    document = make_document(content=b"Muistio\n" * 1000, filename="muistio.txt")
    path = _path(storage_dir, document)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    response = login(people.provider_coordinator).get(_url(document))
    assert response.status_code == 500 and b"Muistio\nMuistio" not in response.get_data()
    assert [e.target_id for e in _refused_events(db)] == [document.id]


def _write_first_format(path: Path, key: bytes, data: bytes) -> None:
    """Store ``data`` as objects were stored before they were bound to their key."""
    salt = secrets.token_bytes(16)
    header = struct.pack(">8sI16s", MAGIC_V1, CHUNK_SIZE, salt)
    cipher = _object_cipher(key, salt)
    chunks = [data[i : i + CHUNK_SIZE] for i in range(0, len(data), CHUNK_SIZE)] or [b""]
    body = b"".join(
        cipher.encrypt(_nonce(i, i == len(chunks) - 1), chunk, header)
        for i, chunk in enumerate(chunks)
    )
    path.write_bytes(header + body)


def _older_pair(
    app: Flask, make_document: MakeDocument, storage_dir: Path, size: int
) -> tuple[Document, Document, bytes, bytes]:
    """Two documents of equal size stored in the first format (not bound to their keys),
    then swapped on disk: only the size and SHA-256 of their rows can tell."""
    first_text = b"A" * size
    second_text = b"B" * size
    first = make_document(content=first_text, filename="eka.txt", title="Eka")
    second = make_document(content=second_text, filename="toka.txt", title="Toka")
    key = app.config["STORAGE_KEY"]
    _write_first_format(_path(storage_dir, first), key, second_text)
    _write_first_format(_path(storage_dir, second), key, first_text)
    return first, second, first_text, second_text


def test_older_files_still_open_and_a_swap_of_them_is_refused_by_the_digest(
    app: Flask,
    login: Login,
    people: People,
    make_document: MakeDocument,
    storage_dir: Path,
    errors_as_pages: None,
) -> None:
    first, second, first_text, second_text = _older_pair(app, make_document, storage_dir, 5000)
    client = login(people.provider_coordinator)
    response = client.get(_url(first))
    assert response.status_code == 500 and second_text not in response.get_data()
    # Put right, an older file is served as before.
    _write_first_format(_path(storage_dir, first), app.config["STORAGE_KEY"], first_text)
    response = client.get(_url(first))
    assert response.status_code == 200 and response.get_data() == first_text
    assert hashlib.sha256(first_text).hexdigest() == first.versions[0].sha256


def test_a_large_swapped_file_is_cut_off_before_its_last_chunk(
    app: Flask,
    login: Login,
    people: People,
    make_document: MakeDocument,
    storage_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A file too large to check before sending is checked as it streams: the response
    never ends as a complete file."""
    monkeypatch.setattr(downloads, "CHECK_FIRST_SIZE", CHUNK_SIZE)
    size = 4 * CHUNK_SIZE + 100
    first, _, _, second_text = _older_pair(app, make_document, storage_dir, size)
    response = login(people.provider_coordinator).get(_url(first), buffered=False)
    assert response.status_code == 200 and response.content_length == size
    received = bytearray()
    with pytest.raises(StorageError):
        for chunk in response.response:
            received.extend(chunk)
    response.close()
    assert len(received) < size and bytes(received) != second_text


def test_a_pdf_over_a_lowered_stamping_limit_is_refused_with_a_message_not_served(
    app: Flask, login: Login, people: People, make_document: MakeDocument
) -> None:
    document = make_document(content=make_pdf())
    app.config["STAMP_MAX_MB"] = 0
    try:
        response = login(people.provider_coordinator).get(_url(document))
    finally:
        app.config["STAMP_MAX_MB"] = 20
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "suurempi kuin portaali leimaa ladattaessa" in html
    assert not response.get_data().startswith(b"%PDF")
