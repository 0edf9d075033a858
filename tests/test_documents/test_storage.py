"""The storage interface: encrypted at rest in chunks, tamper-evident, keys not from input.

Every test of the interface runs against each backend: a local directory and a bucket of a
real S3 API server. A test reaches behind the interface (to read, alter or plant stored
bytes) through the backend's :class:`RawStore`.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from portal.core.object_storage import BucketLocation, ObjectStorage
from portal.core.storage import (
    CHUNK_SIZE,
    MAGIC,
    EncryptedStorage,
    LocalDirectory,
    Storage,
    StorageError,
    check_digest,
    encrypt_chunks,
    key_id,
    verified_chunks,
)
from portal.documents.filetypes import CSV, PDF, TEXT, TypeSniffer
from tests.object_store import S3Server

KEY = bytes(range(32))
BLOCK = bytes(range(256)) * 256


class RawStore:
    """The stored bytes as the backend keeps them, bypassing the interface."""

    def __init__(self, backend: Storage, read: Any, write: Any, listing: Any) -> None:
        self.backend = backend
        self.read = read
        self.write = write
        # Everything the backend holds, finished or not.
        self.listing = listing


@pytest.fixture(params=["directory", "s3"])
def raw(request: pytest.FixtureRequest, tmp_path: Path) -> RawStore:
    if request.param == "directory":
        directory = LocalDirectory(tmp_path)

        def write_file(key: str, data: bytes) -> None:
            (tmp_path / key).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / key).write_bytes(data)

        return RawStore(
            directory,
            lambda key: (tmp_path / key).read_bytes(),
            write_file,
            lambda: [p for p in tmp_path.rglob("*") if p.is_file()],
        )
    server: S3Server = request.getfixturevalue("s3_server")
    bucket = server.new_bucket()
    client = server.client()
    location = BucketLocation(bucket, "silta/")

    def listing() -> list[str]:
        objects = client.list_objects_v2(Bucket=bucket).get("Contents", [])
        uploads = client.list_multipart_uploads(Bucket=bucket).get("Uploads", [])
        return [o["Key"] for o in objects] + [u["Key"] for u in uploads]

    return RawStore(
        ObjectStorage(client, location),
        lambda key: client.get_object(Bucket=bucket, Key="silta/" + key)["Body"].read(),
        lambda key, data: client.put_object(Bucket=bucket, Key="silta/" + key, Body=data),
        listing,
    )


@pytest.fixture
def storage(raw: RawStore) -> EncryptedStorage:
    return EncryptedStorage(raw.backend, KEY)


@pytest.mark.parametrize(
    "size", [0, 1, CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE + 1, 3 * CHUNK_SIZE + 17]
)
def test_round_trip_in_chunks_and_by_seeking(storage: EncryptedStorage, size: int) -> None:
    data = os.urandom(size)
    pieces = [data[i : i + 1000] for i in range(0, size, 1000)]
    key = storage.write(pieces)
    with storage.open(key) as reader:
        assert reader.size == size
        assert b"".join(reader.chunks()) == data
        reader.seek(size // 2)
        assert reader.read(5000) == data[size // 2 : size // 2 + 5000]
        if size >= 3:
            reader.seek(-3, io.SEEK_END)
            assert reader.read() == data[-3:]


def test_stored_bytes_are_encrypted_and_named_by_the_storage(
    storage: EncryptedStorage, raw: RawStore
) -> None:
    key = storage.write([b"Luottamuksellinen sis\xc3\xa4lt\xc3\xb6" * 100])
    stored = raw.read(key)
    assert b"Luottamuksellinen" not in stored
    assert key.startswith("objects/") and [k.key for k in storage.keys()] == [key]
    # Two objects of the same content look different: each has its own salt.
    other = storage.write([b"Luottamuksellinen sis\xc3\xa4lt\xc3\xb6" * 100])
    assert raw.read(other) != stored


def test_altered_or_truncated_objects_are_refused(storage: EncryptedStorage, raw: RawStore) -> None:
    key = storage.write([os.urandom(3 * CHUNK_SIZE)])
    original = raw.read(key)

    altered = bytearray(original)
    altered[CHUNK_SIZE + 100] ^= 1
    raw.write(key, bytes(altered))
    with storage.open(key) as reader, pytest.raises(StorageError):
        b"".join(reader.chunks())

    # Cut at a chunk boundary: the new last chunk was not sealed as the last one.
    record = CHUNK_SIZE + 16
    raw.write(key, original[: len(original) - (len(original) - 36) % record - record])
    with storage.open(key) as reader, pytest.raises(StorageError):
        b"".join(reader.chunks())

    # Another key cannot read it.
    raw.write(key, original)
    with pytest.raises(StorageError):
        EncryptedStorage(raw.backend, bytes(32)).open(key).read(10)


def test_keys_outside_the_storage_are_refused(storage: EncryptedStorage) -> None:
    for key in ("../secret_key", "objects/../../etc/passwd", "/etc/passwd", "objects/ab/x"):
        with pytest.raises(StorageError):
            storage.open(key)
        with pytest.raises(StorageError):
            storage.delete(key)


@pytest.mark.parametrize("sent_before_failing", [4, 12 * 1024 * 1024])
def test_a_failed_write_leaves_nothing(
    storage: EncryptedStorage, raw: RawStore, sent_before_failing: int
) -> None:
    """Cut off early, or after parts of a multipart upload have reached the store."""

    def broken() -> Iterator[bytes]:
        for _ in range(0, sent_before_failing, len(BLOCK)):
            yield BLOCK
        raise ConnectionResetError

    with pytest.raises(ConnectionResetError):
        storage.write(broken())
    assert raw.listing() == []
    assert list(storage.keys()) == []


def test_missing_objects_are_refused(storage: EncryptedStorage) -> None:
    key = storage.write([b"poistuva"])
    storage.delete(key)
    storage.delete(key)  # deleting what is gone is no error, as the purge may retry
    with pytest.raises(StorageError):
        storage.open(key)
    assert list(storage.keys()) == []


def test_encryption_streams_chunk_by_chunk() -> None:
    records = encrypt_chunks(iter([b"x" * CHUNK_SIZE] * 3), KEY, "objects/ab/" + "ab" * 16)
    sizes = [len(r) for r in records]
    assert sizes == [36, CHUNK_SIZE + 16, CHUNK_SIZE + 16, CHUNK_SIZE + 16]


def test_text_is_recognised_across_chunk_boundaries() -> None:
    sniffer = TypeSniffer()
    text = "Äiti ja isä\n".encode() * 10_000
    for i in range(0, len(text), 4097):  # splits characters between chunks
        sniffer.feed(text[i : i + 4097])
    assert sniffer.detect("muistio.txt") == TEXT
    assert sniffer.detect("luvut.csv") == CSV
    latin1 = TypeSniffer()
    latin1.feed("Äiti".encode("latin-1"))
    assert latin1.detect("a.txt") is None
    pdf = TypeSniffer()
    pdf.feed(b"%PDF-1.7\n...")
    assert pdf.detect("anything.exe") == PDF


def test_an_object_is_bound_to_its_key_and_names_its_master_key(
    storage: EncryptedStorage, raw: RawStore
) -> None:
    first = storage.write([b"ensimm\xc3\xa4inen" * 1000])
    second = storage.write([b"toinen" * 1000])
    # The header names the master key (not secretly: a short id for a later rotation).
    assert raw.read(first)[:8] == MAGIC
    assert raw.read(first)[28:36] == key_id(KEY) != key_id(bytes(32))
    # Swapped in the store: each is refused under the other's key, not served as the other.
    a, b = raw.read(first), raw.read(second)
    raw.write(first, b)
    raw.write(second, a)
    for key in (first, second):
        with storage.open(key) as reader, pytest.raises(StorageError):
            reader.read()
    # Under another master key the object is refused before any decryption is tried.
    raw.write(first, a)
    with pytest.raises(StorageError, match="another key"):
        EncryptedStorage(raw.backend, bytes(32)).open(first)


def test_objects_written_before_the_binding_still_open(
    storage: EncryptedStorage, raw: RawStore
) -> None:
    """A file of the first format (header only as associated data) is read as before."""
    import secrets
    import struct

    from portal.core.storage import MAGIC_V1, _nonce, _object_cipher

    salt = secrets.token_bytes(16)
    header = struct.pack(">8sI16s", MAGIC_V1, CHUNK_SIZE, salt)
    cipher = _object_cipher(KEY, salt)
    data = os.urandom(CHUNK_SIZE + 10)
    body = cipher.encrypt(_nonce(0, False), data[:CHUNK_SIZE], header)
    body += cipher.encrypt(_nonce(1, True), data[CHUNK_SIZE:], header)
    key = "objects/ab/" + "ab" * 16
    raw.write(key, header + body)
    with storage.open(key) as reader:
        assert reader.read() == data


def test_the_digest_is_checked_before_the_last_chunk(storage: EncryptedStorage) -> None:
    import hashlib

    data = os.urandom(3 * CHUNK_SIZE + 5)
    key = storage.write([data])
    right = hashlib.sha256(data).hexdigest()
    with storage.open(key) as reader:
        assert b"".join(verified_chunks(reader, len(data), right)) == data
        check_digest(reader, len(data), right)
    wrong = hashlib.sha256(b"toinen").hexdigest()
    with storage.open(key) as reader:
        received = []
        with pytest.raises(StorageError):
            for chunk in verified_chunks(reader, len(data), wrong):
                received.append(chunk)
        # Everything but the last chunk went out; the stream did not end as complete.
        assert len(b"".join(received)) == 3 * CHUNK_SIZE
        with pytest.raises(StorageError):
            check_digest(reader, len(data), wrong)
        with pytest.raises(StorageError):
            next(verified_chunks(reader, len(data) + 1, right))
