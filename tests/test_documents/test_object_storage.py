"""Documents in S3-compatible object storage, against a real S3 API server (moto's).

The interface's contract runs against S3 in test_storage.py; here are what only object
storage has: multipart uploads that stream in constant memory, reads streamed from one GET,
uploads left behind by a killed process that the purge aborts, and the portal's own routes
storing in a bucket.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from itertools import pairwise
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from portal.auth.models import User
from portal.core.object_storage import (
    MIN_WINDOW,
    BucketLocation,
    ObjectStorage,
    parse_storage_url,
)
from portal.core.storage import CHUNK_SIZE, EncryptedStorage, get_storage
from portal.documents.models import Classification, Document
from tests.files import document_form, make_pdf
from tests.object_store import CREDENTIALS, S3Server
from tests.people import People
from tests.test_documents.conftest import MakeDocument
from tests.test_documents.test_streaming import GeneratedBody, _downloader, _large_pdf, _peak
from tests.test_documents.test_upload import raw_post

Login = Callable[[User], FlaskClient]
KEY = bytes(range(32))
BLOCK = bytes(range(256)) * 256
PART = 5 * 1024 * 1024


@pytest.fixture
def bucket(s3_server: S3Server) -> str:
    return s3_server.new_bucket()


@pytest.fixture
def objects(s3_server: S3Server, bucket: str) -> ObjectStorage:
    return ObjectStorage(s3_server.client(), BucketLocation(bucket, "silta/"), part_size=PART)


def _generated(size: int) -> Iterator[bytes]:
    for start in range(0, size, len(BLOCK)):
        yield BLOCK[: min(len(BLOCK), size - start)]


def _digest_of(chunks: Iterator[bytes]) -> str:
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk)
    return digest.hexdigest()


def test_the_storage_address_names_a_bucket_and_a_prefix() -> None:
    assert parse_storage_url("s3://silta-documents") == BucketLocation("silta-documents", "")
    assert parse_storage_url("s3://silta-documents/prod/silta/") == BucketLocation(
        "silta-documents", "prod/silta/"
    )
    for wrong in ("https://bucket/x", "s3://", "s3://Bucket", "s3://silta/../x", "s3://a:b@silta"):
        with pytest.raises(ValueError):
            parse_storage_url(wrong)


def test_a_large_file_goes_up_in_parts_and_down_in_one_stream_in_constant_memory(
    objects: ObjectStorage, s3_server: S3Server, bucket: str
) -> None:
    storage = EncryptedStorage(objects, KEY)
    written: dict[int, str] = {}

    def upload(size: int) -> Callable[[], None]:
        def run() -> None:
            written[size] = storage.write(_generated(size))

        return run

    gets: list[str] = []
    objects.client.meta.events.register(
        "before-call.s3.GetObject", lambda params, **_: gets.append(params["headers"]["Range"])
    )

    def download(size: int) -> Callable[[], None]:
        def run() -> None:
            with storage.open(written[size]) as reader:
                assert reader.size == size
                assert _digest_of(reader.chunks()) == _digest_of(_generated(size))

        return run

    medium, large = 3 * PART, 9 * PART
    upload_medium = _peak(upload(medium), runs=1)
    upload_large = _peak(upload(large), runs=1)
    # Multipart: S3 marks such an object's ETag with its number of parts.
    head = s3_server.client().head_object(Bucket=bucket, Key="silta/" + written[large])
    assert head["ETag"].strip('"').endswith("-10")  # 45 MiB of plaintext and the tags
    # Three times the file, the same memory: about one part, never the file.
    assert upload_large < upload_medium + 1024 * 1024, (upload_medium, upload_large)
    assert upload_large < 2 * PART, upload_large

    download_medium = _peak(download(medium), runs=1)
    gets.clear()
    download_large = _peak(download(large), runs=1)
    assert download_large < download_medium + 512 * 1024, (download_medium, download_large)
    assert download_large < 8 * CHUNK_SIZE, download_large
    # In order, in windows that grow to 8 MiB: a few requests, each where the last ended.
    ranges = [tuple(int(n) for n in r.removeprefix("bytes=").split("-")) for r in gets]
    assert ranges[0][0] == 0 and ranges[-1][1] == head["ContentLength"] - 1
    assert all(later[0] == earlier[1] + 1 for earlier, later in pairwise(ranges))
    assert len(ranges) <= 10, ranges


def test_reads_that_jump_fetch_small_windows(objects: ObjectStorage) -> None:
    """A PDF is parsed from its end backwards: each jump costs one small GET, and the reads
    just before it are answered from the window it fetched."""
    storage = EncryptedStorage(objects, KEY)
    data = bytes(range(256)) * (12 * CHUNK_SIZE // 256)
    key = storage.write([data])
    gets: list[str] = []
    objects.client.meta.events.register(
        "before-call.s3.GetObject", lambda params, **_: gets.append(params["headers"]["Range"])
    )
    record = CHUNK_SIZE + 16
    size = 36 + 12 * record
    with storage.open(key) as reader:
        for chunk in (10, 9, 8):
            reader.seek(chunk * CHUNK_SIZE + 10)
            assert reader.read(100) == data[chunk * CHUNK_SIZE + 10 : chunk * CHUNK_SIZE + 110]
    before_ten = 36 + 10 * record - MIN_WINDOW
    assert gets == [
        f"bytes=0-{2 * MIN_WINDOW - 1}",  # the header, at the start of an in-order read
        f"bytes={36 + 10 * record}-{size - 1}",  # a jump forwards: from there on
        f"bytes={before_ten}-{before_ten + MIN_WINDOW - 1}",  # backwards: up to there
    ]


def test_objects_beside_the_prefix_are_neither_listed_nor_purged(
    app: Flask, db: Any, s3_storage: str, s3_server: S3Server
) -> None:
    client = s3_server.client()
    others = ["notes.txt", "other/objects/ab/" + "ab" * 16, "silta/readme.txt"]
    for name in others:
        client.put_object(Bucket=s3_storage, Key=name, Body=b"ei meidan")
    with app.app_context():
        mine = get_storage().write([b"oma"])
        assert [k.key for k in get_storage().keys()] == [mine]
    result = app.test_cli_runner().invoke(args=["documents", "purge", "--grace-minutes", "0"])
    assert result.exit_code == 0, result.output
    left = [o["Key"] for o in client.list_objects_v2(Bucket=s3_storage)["Contents"]]
    assert sorted(left) == sorted(others)


KILLED_WRITER = textwrap.dedent(
    """
    import sys, time
    from portal.core.object_storage import ObjectStorage, make_client, parse_storage_url
    from portal.core.storage import EncryptedStorage

    endpoint, url = sys.argv[1], sys.argv[2]
    objects = ObjectStorage(make_client(endpoint), parse_storage_url(url), part_size=5 << 20)

    def file():
        for _ in range(200):  # two parts and a half
            yield b"x" * 65536
        print("parts sent", flush=True)
        time.sleep(120)

    EncryptedStorage(objects, bytes(32)).write(file())
    """
)


def test_the_purge_aborts_the_upload_of_a_killed_server(
    app: Flask, db: Any, s3_storage: str, s3_server: S3Server
) -> None:
    url = app.config["STORAGE_URL"]
    writer = subprocess.Popen(
        [sys.executable, "-c", KILLED_WRITER, s3_server.endpoint, url],
        stdout=subprocess.PIPE,
        env={"PATH": "/usr/bin:/bin", **CREDENTIALS},
    )
    try:
        assert writer.stdout is not None
        assert writer.stdout.readline() == b"parts sent\n"
    finally:
        writer.kill()
        writer.wait()
    client = s3_server.client()
    [upload] = client.list_multipart_uploads(Bucket=s3_storage)["Uploads"]
    assert client.list_parts(Bucket=s3_storage, Key=upload["Key"], UploadId=upload["UploadId"])[
        "Parts"
    ]
    with app.app_context():
        [listed] = get_storage().keys()
    assert listed.incomplete and listed.key.startswith("partial/")

    # (That a recent upload is spared by the grace period is not tested here: moto reports
    # the same fixed "Initiated" time, in 2010, for every upload.)
    result = app.test_cli_runner().invoke(args=["documents", "purge", "--grace-minutes", "0"])
    assert result.exit_code == 0, result.output
    assert "1 orphaned object(s)" in result.output
    assert client.list_multipart_uploads(Bucket=s3_storage).get("Uploads", []) == []
    assert client.list_objects_v2(Bucket=s3_storage).get("Contents", []) == []


def test_uploads_and_downloads_through_the_portal_are_kept_encrypted_in_the_bucket(
    login: Login, people: People, db: Any, s3_storage: str, s3_server: S3Server
) -> None:
    owner = login(people.workshop_coordinator)
    pdf = make_pdf()
    response = owner.post(
        "/documents/new",
        data=document_form(recipients=[people.provider.id], content=pdf),
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    document = db.session.scalars(sa.select(Document)).one()
    version = document.versions[0]
    stored = s3_server.client().get_object(Bucket=s3_storage, Key="silta/" + version.storage_key)
    raw = stored["Body"].read()
    assert b"%PDF" not in raw and b"raportti" not in raw

    reader = login(people.provider_coordinator)
    download = reader.get(f"/documents/{document.id}/versions/{version.id}/download")
    assert download.status_code == 200
    # Confidential: stamped for the reader, so a PDF again but not the same bytes.
    assert download.get_data().startswith(b"%PDF") and download.get_data() != pdf


def test_large_uploads_and_downloads_through_the_portal_stream(
    app: Flask,
    login: Login,
    people: People,
    db: Any,
    s3_storage: str,
    make_document: MakeDocument,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(app.config, "S3_PART_SIZE", PART)
    client = login(people.workshop_coordinator)

    def upload(size: int) -> Callable[[], None]:
        def run() -> None:
            body = GeneratedBody(size, text=True)
            response = raw_post(client, "/documents/new", body, length=body.length)
            assert response.status_code == 303

        return run

    upload(2 * PART)()  # warm up: the client, imports, the first query
    medium = _peak(upload(2 * PART), runs=1)
    large = _peak(upload(6 * PART), runs=1)
    sizes = [d.versions[0].size for d in db.session.scalars(sa.select(Document))]
    assert sorted(sizes) == [2 * PART, 2 * PART, 6 * PART]
    assert large < medium + 1024 * 1024, (medium, large)
    assert large < 2 * PART, large

    documents = {
        size: make_document(content=_large_pdf(size), classification=Classification.INTERNAL)
        for size in (PART, 4 * PART)
    }
    reader = login(people.provider_coordinator)
    _downloader(reader, documents[PART])()
    small = _peak(_downloader(reader, documents[PART]))
    big = _peak(_downloader(reader, documents[4 * PART]))
    assert big < 2 * small + 1024 * 1024, (small, big)
    assert big < PART, big
