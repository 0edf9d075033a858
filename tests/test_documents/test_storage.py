"""The storage interface: encrypted at rest in chunks, tamper-evident, keys not from input."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from portal.core.storage import (
    CHUNK_SIZE,
    MAGIC,
    EncryptedStorage,
    LocalDirectory,
    StorageError,
    check_digest,
    encrypt_chunks,
    key_id,
    verified_chunks,
)
from portal.documents.filetypes import CSV, PDF, TEXT, TypeSniffer

KEY = bytes(range(32))


@pytest.fixture
def storage(tmp_path: Path) -> EncryptedStorage:
    return EncryptedStorage(LocalDirectory(tmp_path), KEY)


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
    storage: EncryptedStorage, tmp_path: Path
) -> None:
    key = storage.write([b"Luottamuksellinen sis\xc3\xa4lt\xc3\xb6" * 100])
    raw = (tmp_path / key).read_bytes()
    assert b"Luottamuksellinen" not in raw
    assert key.startswith("objects/") and [k.key for k in storage.keys()] == [key]
    # Two objects of the same content look different: each has its own salt.
    other = storage.write([b"Luottamuksellinen sis\xc3\xa4lt\xc3\xb6" * 100])
    assert (tmp_path / other).read_bytes() != raw


def test_altered_or_truncated_objects_are_refused(
    storage: EncryptedStorage, tmp_path: Path
) -> None:
    key = storage.write([os.urandom(3 * CHUNK_SIZE)])
    path = tmp_path / key
    original = path.read_bytes()

    altered = bytearray(original)
    altered[CHUNK_SIZE + 100] ^= 1
    path.write_bytes(bytes(altered))
    with storage.open(key) as reader, pytest.raises(StorageError):
        b"".join(reader.chunks())

    # Cut at a chunk boundary: the new last chunk was not sealed as the last one.
    record = CHUNK_SIZE + 16
    path.write_bytes(original[: len(original) - (len(original) - 36) % record - record])
    with storage.open(key) as reader, pytest.raises(StorageError):
        b"".join(reader.chunks())

    # Another key cannot read it.
    path.write_bytes(original)
    with pytest.raises(StorageError):
        EncryptedStorage(LocalDirectory(tmp_path), bytes(32)).open(key).read(10)


def test_keys_outside_the_storage_are_refused(storage: EncryptedStorage) -> None:
    for key in ("../secret_key", "objects/../../etc/passwd", "/etc/passwd", "objects/ab/x"):
        with pytest.raises(StorageError):
            storage.open(key)
        with pytest.raises(StorageError):
            storage.delete(key)


def test_a_failed_write_leaves_nothing(storage: EncryptedStorage, tmp_path: Path) -> None:
    def broken() -> list[bytes]:
        yield b"alku"
        raise ConnectionResetError

    with pytest.raises(ConnectionResetError):
        storage.write(broken())  # type: ignore[arg-type]
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


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
    storage: EncryptedStorage, tmp_path: Path
) -> None:
    first = storage.write([b"ensimm\xc3\xa4inen" * 1000])
    second = storage.write([b"toinen" * 1000])
    # The header names the master key (not secretly: a short id for a later rotation).
    assert (tmp_path / first).read_bytes()[:8] == MAGIC
    assert (tmp_path / first).read_bytes()[28:36] == key_id(KEY) != key_id(bytes(32))
    # Swapped on disk: each file is refused under the other's key, not served as the other.
    a, b = (tmp_path / first).read_bytes(), (tmp_path / second).read_bytes()
    (tmp_path / first).write_bytes(b)
    (tmp_path / second).write_bytes(a)
    for key in (first, second):
        with storage.open(key) as reader, pytest.raises(StorageError):
            reader.read()
    # Under another master key the object is refused before any decryption is tried.
    (tmp_path / first).write_bytes(a)
    with pytest.raises(StorageError, match="another key"):
        EncryptedStorage(LocalDirectory(tmp_path), bytes(32)).open(first)


def test_objects_written_before_the_binding_still_open(
    storage: EncryptedStorage, tmp_path: Path
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
    (tmp_path / "objects" / "ab").mkdir(parents=True)
    (tmp_path / key).write_bytes(header + body)
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
