"""The storage interface: encrypted at rest in chunks, tamper-evident, keys not from input."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from portal.core.storage import (
    CHUNK_SIZE,
    EncryptedStorage,
    LocalDirectory,
    StorageError,
    encrypt_chunks,
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
    path.write_bytes(original[: len(original) - (len(original) - 28) % record - record])
    with storage.open(key) as reader, pytest.raises(StorageError):
        b"".join(reader.chunks())

    # Another key cannot read it.
    path.write_bytes(original)
    with EncryptedStorage(LocalDirectory(tmp_path), bytes(32)).open(key) as reader:
        with pytest.raises(StorageError):
            reader.read(10)


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
    records = encrypt_chunks(iter([b"x" * CHUNK_SIZE] * 3), KEY)
    sizes = [len(r) for r in records]
    assert sizes == [28, CHUNK_SIZE + 16, CHUNK_SIZE + 16, CHUNK_SIZE + 16]


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
