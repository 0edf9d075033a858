"""Uploads and downloads stream: memory does not grow with the file's size.

Measured with tracemalloc in the same run: the peak while uploading or downloading a large
file is compared with the peak for a small one.
"""

from __future__ import annotations

import io
import os
import tracemalloc
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfWriter

from portal.auth.models import User
from portal.documents.models import Classification, Document
from tests.files import make_pdf
from tests.people import People
from tests.test_documents.conftest import MakeDocument
from tests.test_documents.test_upload import raw_post

Login = Callable[[User], FlaskClient]
SMALL = 1024 * 1024
LARGE = 24 * 1024 * 1024
BLOCK = bytes(range(256)) * 256  # 64 KiB, reused: the test itself holds no large buffer
TEXT_BLOCK = b"Rivi tekstia\n" * 5000  # about 64 KiB of ASCII rows: any cut is still text


class GeneratedBody(io.RawIOBase):
    """A multipart upload of ``size`` bytes of file, produced as it is read."""

    def __init__(self, size: int, boundary: str = "rajaraja", *, text: bool = False) -> None:
        fields = {"title": f"Iso tiedosto {size}", "classification": "internal"}
        head = b"".join(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
            for k, v in fields.items()
        )
        # A PDF (only its start: the rest is filler), or plain text of the block's rows.
        filename, content_type, start = (
            ("iso.txt", "text/plain", b"")
            if text
            else ("iso.pdf", "application/pdf", b"%PDF-1.4\n")
        )
        head += (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"'
            f"\r\nContent-Type: {content_type}\r\n\r\n"
        ).encode() + start
        self._block = TEXT_BLOCK if text else BLOCK
        self._parts = [head, None, f"\r\n--{boundary}--\r\n".encode()]
        self._filler = size - len(start)
        self.length = len(head) + self._filler + len(self._parts[2])  # type: ignore[arg-type]
        self._current = io.BytesIO(head)
        self._stage = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while True:
            if self._stage == 1:
                n = min(len(buffer), self._filler, len(self._block))
                if n:
                    buffer[:n] = self._block[:n]
                    self._filler -= n
                    return n
                self._stage = 2
                self._current = io.BytesIO(self._parts[2])  # type: ignore[arg-type]
            data = self._current.read(len(buffer))
            if data:
                buffer[: len(data)] = data
                return len(data)
            if self._stage == 2:
                return 0
            self._stage = 1


def _peak(action: Callable[[], Any], runs: int = 2) -> int:
    """The lowest of a few peaks: a one-off allocation elsewhere in the process (a statement
    compiled for the first time, a cache filled) should not decide the comparison."""
    peaks = []
    for _ in range(runs):
        tracemalloc.start()
        try:
            tracemalloc.reset_peak()
            before = tracemalloc.get_traced_memory()[0]
            action()
            peaks.append(tracemalloc.get_traced_memory()[1] - before)
        finally:
            tracemalloc.stop()
    return min(peaks)


def test_upload_memory_does_not_grow_with_the_file(login: Login, people: People, db: Any) -> None:
    client = login(people.workshop_coordinator)

    def upload(size: int) -> Callable[[], None]:
        def run() -> None:
            body = GeneratedBody(size)
            response = raw_post(client, "/documents/new", body, length=body.length)
            assert response.status_code == 303

        return run

    upload(SMALL)()  # warm up: imports, caches, the first query
    small = _peak(upload(SMALL))
    large = _peak(upload(LARGE))
    sizes = db.session.scalars(sa.select(Document)).all()
    assert sorted(d.versions[0].size for d in sizes) == [SMALL] * 3 + [LARGE] * 2
    # A file 24 times larger: the same memory, give or take; buffering it would cost 24 MB.
    assert large < 2 * small + 1024 * 1024, (small, large)
    assert large < LARGE / 4


def _large_pdf(size: int) -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(make_pdf(pages=3)))
    writer.add_attachment("liite.bin", os.urandom(size))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _downloader(client: FlaskClient, document: Document) -> Callable[[], None]:
    def run() -> None:
        version = document.versions[0]
        response = client.get(
            f"/documents/{document.id}/versions/{version.id}/download", buffered=False
        )
        assert response.status_code == 200
        received = 0
        for chunk in response.response:
            received += len(chunk)
        response.close()
        assert received >= version.size

    return run


def test_download_memory_does_not_grow_with_the_file(
    login: Login, people: People, make_document: MakeDocument
) -> None:
    documents = {
        size: make_document(content=_large_pdf(size), classification=Classification.INTERNAL)
        for size in (SMALL, LARGE)
    }
    client = login(people.provider_coordinator)
    _downloader(client, documents[SMALL])()  # warm up
    small = _peak(_downloader(client, documents[SMALL]))
    large = _peak(_downloader(client, documents[LARGE]))
    assert large < 2 * small + 1024 * 1024, (small, large)
    assert large < LARGE / 4


STAMPED = 8 * 1024 * 1024


def test_stamping_memory_is_bounded_by_the_stamping_limit(
    app: Flask, login: Login, people: People, make_document: MakeDocument
) -> None:
    """A stamped PDF is rewritten in memory (about twice its size at the peak) and sent from
    a spooled file, not held again; PDFs above PORTAL_STAMP_MAX_MB are refused at upload
    (test_upload_checks), so this is the most a download costs."""
    document = make_document(content=_large_pdf(STAMPED))
    client = login(people.provider_coordinator)
    _downloader(client, document)()  # warm up
    peak = _peak(_downloader(client, document), runs=1)
    assert peak < 3 * STAMPED, peak
