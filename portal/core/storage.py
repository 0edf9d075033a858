"""Where uploaded files live: one small interface, a local directory or object storage.

A backend stores opaque objects under keys it makes up itself (never from user input):

* ``write(chunks)`` stores a stream of bytes and returns the new key only once every byte is
  safely stored; an object being written is invisible until then;
* ``open(key)`` gives a readable (and seekable) file object for streaming;
* ``delete(key)`` removes an object; ``keys()`` lists every object with its last change,
  unfinished ones included, so that a purge can remove what no database row refers to.

:class:`LocalDirectory` keeps them in a directory; ``object_storage.ObjectStorage`` in an
S3-compatible bucket, for several servers (``PORTAL_STORAGE_URL=s3://bucket/prefix``).

:class:`EncryptedStorage` wraps any backend and encrypts with AES-256-GCM in fixed-size
chunks, so that neither writing nor reading ever holds more than a chunk in memory. Each
object gets its own key derived from the master key and a random salt; every chunk is
authenticated with its position and whether it is the last, so that a reordered, truncated
or altered object is refused rather than served.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import os
import re
import secrets
import struct
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO, Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import Flask, current_app

CHUNK_SIZE = 64 * 1024


class StorageError(Exception):
    """An object is missing, or its bytes are not what was stored."""


@dataclass(frozen=True)
class StoredKey:
    key: str
    modified_at: datetime
    # True for an object whose writing never finished (an upload cut off, a server killed).
    incomplete: bool = False


class Storage(Protocol):
    def new_key(self) -> str: ...

    def write(self, chunks: Iterable[bytes], key: str | None = None) -> str: ...

    def open(self, key: str) -> BinaryIO: ...

    def delete(self, key: str) -> None: ...

    def keys(self) -> Iterator[StoredKey]: ...


# --- A local directory ----------------------------------------------------------------------

_KEY = re.compile(r"^(objects/[0-9a-f]{2}/[0-9a-f]{32}|partial/[0-9a-f]{32}\.part)$")


class LocalDirectory:
    """Objects as files under ``root``; written to ``partial/`` and renamed when complete."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        if not _KEY.match(key):
            raise StorageError(f"not a storage key: {key!r}")
        return self.root / key

    def new_key(self) -> str:
        """A fresh key for an object about to be written (the data may depend on it)."""
        name = uuid.uuid4().hex
        return f"objects/{name[:2]}/{name}"

    def write(self, chunks: Iterable[bytes], key: str | None = None) -> str:
        final_key = key or self.new_key()
        if not _KEY.match(final_key) or not final_key.startswith("objects/"):
            raise StorageError(f"not a storage key: {final_key!r}")
        name = final_key.rsplit("/", 1)[1]
        partial = self.root / "partial" / f"{name}.part"
        final = self.root / final_key
        partial.parent.mkdir(parents=True, exist_ok=True)
        final.parent.mkdir(parents=True, exist_ok=True)
        try:
            with partial.open("xb") as out:
                for chunk in chunks:
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            os.replace(partial, final)
        except BaseException:
            # A cut connection or a refused file leaves nothing behind. (A killed process
            # leaves the partial file; the purge removes it.)
            partial.unlink(missing_ok=True)
            raise
        _fsync_directory(final.parent)
        return final_key

    def open(self, key: str) -> BinaryIO:
        try:
            return self._path(key).open("rb")
        except FileNotFoundError as exc:
            raise StorageError(f"no stored object {key}") from exc

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def keys(self) -> Iterator[StoredKey]:
        for folder, incomplete in (("objects", False), ("partial", True)):
            base = self.root / folder
            if not base.is_dir():
                continue
            for path in sorted(base.rglob("*")):
                if not path.is_file():
                    continue
                key = path.relative_to(self.root).as_posix()
                if not _KEY.match(key):
                    continue
                try:
                    modified = datetime.fromtimestamp(path.stat().st_mtime, UTC)
                except FileNotFoundError:
                    continue
                yield StoredKey(key, modified, incomplete)


def _fsync_directory(path: Path) -> None:
    """Make a rename durable: the directory entry must reach the disk too."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# --- Encryption at rest ---------------------------------------------------------------------

MAGIC_V1 = b"SILTAE01"  # header only as associated data (objects of before the binding)
MAGIC = b"SILTAE02"  # header with the key id; the storage key in every chunk's data
_HEADER_V1 = struct.Struct(">8sI16s")  # magic, plaintext chunk size, per-object salt
_HEADER = struct.Struct(">8sI16s8s")  # the same, then the master key's id
TAG_SIZE = 16


def key_id(master_key: bytes) -> bytes:
    """A short, non-secret name of the master key, stored in each object's header."""
    return hashlib.sha256(b"silta-storage-key-id\0" + master_key).digest()[:8]


def _object_cipher(master_key: bytes, salt: bytes) -> AESGCM:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=b"silta-storage").derive(
        master_key
    )
    return AESGCM(key)


def _nonce(index: int, last: bool) -> bytes:
    return struct.pack(">QxxxB", index, 1 if last else 0)


def _associated_data(header: bytes, bound_to: str) -> bytes:
    return header + b"\0" + bound_to.encode("ascii")


def encrypt_chunks(
    chunks: Iterable[bytes], master_key: bytes, bound_to: str, chunk_size: int = CHUNK_SIZE
) -> Iterator[bytes]:
    """Encrypt a stream for the object stored under the key ``bound_to``; yields the header,
    then one sealed record per chunk of plaintext."""
    salt = secrets.token_bytes(16)
    header = _HEADER.pack(MAGIC, chunk_size, salt, key_id(master_key))
    associated = _associated_data(header, bound_to)
    cipher = _object_cipher(master_key, salt)
    yield header
    buffer = bytearray()
    index = 0
    for chunk in chunks:
        buffer.extend(chunk)
        # Keep the last chunk back: only at the end is it known to be the last one.
        while len(buffer) > chunk_size:
            yield cipher.encrypt(_nonce(index, False), bytes(buffer[:chunk_size]), associated)
            del buffer[:chunk_size]
            index += 1
    yield cipher.encrypt(_nonce(index, True), bytes(buffer), associated)


class SeekableReader(io.RawIOBase):
    """A read-only object of ``size`` bytes, read in order or by seeking.

    A seek only moves the position that the subclass's ``read`` starts from.
    """

    size: int
    _position: int

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if whence == io.SEEK_SET:
            position = offset
        elif whence == io.SEEK_CUR:
            position = self._position + offset
        elif whence == io.SEEK_END:
            position = self.size + offset
        else:
            raise ValueError(f"invalid whence {whence}")
        if position < 0:
            raise ValueError("negative seek position")
        self._position = position
        return position


class DecryptingReader(SeekableReader):
    """The plaintext of an encrypted object, readable in order or by seeking (for PDF stamping)."""

    def __init__(self, raw: BinaryIO, master_key: bytes, bound_to: str) -> None:
        super().__init__()
        self._raw = raw
        magic = raw.read(len(MAGIC))
        if magic == MAGIC:
            header = magic + raw.read(_HEADER.size - len(magic))
            if len(header) != _HEADER.size:
                raise StorageError("the stored object is truncated")
            _, chunk_size, salt, stored_key_id = _HEADER.unpack(header)
            if stored_key_id != key_id(master_key):
                raise StorageError("the stored object is encrypted under another key")
            self._associated = _associated_data(header, bound_to)
        elif magic == MAGIC_V1:
            header = magic + raw.read(_HEADER_V1.size - len(magic))
            if len(header) != _HEADER_V1.size:
                raise StorageError("the stored object is truncated")
            _, chunk_size, salt = _HEADER_V1.unpack(header)
            self._associated = header
        else:
            raise StorageError("the stored object is not in the expected format")
        if chunk_size <= 0:
            raise StorageError("the stored object is not in the expected format")
        self._header_size = len(header)
        self._chunk_size = chunk_size
        self._record = chunk_size + TAG_SIZE
        self._cipher = _object_cipher(master_key, salt)
        body = raw.seek(0, io.SEEK_END) - self._header_size
        if body < TAG_SIZE:
            raise StorageError("the stored object is truncated")
        self._chunks = -(-body // self._record)
        self.size = body - self._chunks * TAG_SIZE
        self._position = 0
        self._cached: tuple[int, bytes] | None = None

    def _chunk(self, index: int) -> bytes:
        if self._cached is not None and self._cached[0] == index:
            return self._cached[1]
        self._raw.seek(self._header_size + index * self._record)
        sealed = self._raw.read(self._record)
        try:
            plain = self._cipher.decrypt(
                _nonce(index, index == self._chunks - 1), sealed, self._associated
            )
        except InvalidTag as exc:
            raise StorageError("the stored object has been altered or truncated") from exc
        self._cached = (index, plain)
        return plain

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:
            size = self.size - self._position
        parts = []
        while size > 0 and self._position < self.size:
            index, offset = divmod(self._position, self._chunk_size)
            piece = self._chunk(index)[offset : offset + size]
            parts.append(piece)
            self._position += len(piece)
            size -= len(piece)
        return b"".join(parts)

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def chunks(self) -> Iterator[bytes]:
        """The plaintext from the current position to the end, one chunk at a time."""
        while self._position < self.size:
            yield self.read(self._chunk_size - self._position % self._chunk_size)

    def close(self) -> None:
        self._cached = None
        self._raw.close()
        super().close()


class EncryptedStorage:
    """Any backend, with every object encrypted under ``master_key`` (AES-256-GCM)."""

    def __init__(self, backend: Storage, master_key: bytes) -> None:
        if len(master_key) != 32:
            raise ValueError("the storage key must be 32 bytes")
        self.backend = backend
        self._master_key = master_key

    def write(self, chunks: Iterable[bytes]) -> str:
        key = self.backend.new_key()
        return self.backend.write(encrypt_chunks(chunks, self._master_key, key), key)

    def open(self, key: str) -> DecryptingReader:
        return DecryptingReader(self.backend.open(key), self._master_key, key)

    def delete(self, key: str) -> None:
        self.backend.delete(key)

    def keys(self) -> Iterator[StoredKey]:
        return self.backend.keys()


# --- Checking an object against its row ----------------------------------------------------

# Up to this size a file is checked whole before its first byte is sent, so that a refusal
# is an error page; a larger one is checked as it streams and its last chunk is held back.
CHECK_FIRST_SIZE = 8 * 1024 * 1024


def check_digest(source: DecryptingReader, size: int, sha256: str) -> None:
    """Read the whole object and refuse it unless it has the recorded size and SHA-256."""
    if source.size != size:
        raise StorageError("the stored object does not have the recorded size")
    source.seek(0)
    digest = hashlib.sha256()
    for chunk in source.chunks():
        digest.update(chunk)
    source.seek(0)
    if not hmac.compare_digest(digest.hexdigest(), sha256):
        raise StorageError("the stored object does not have the recorded SHA-256")


def verified_chunks(source: DecryptingReader, size: int, sha256: str) -> Iterator[bytes]:
    """The plaintext from the start, checked against the recorded size and SHA-256.

    The last chunk is sent only once the digest of everything matches; otherwise the stream
    stops with :class:`StorageError`, so a client never receives a complete wrong file.
    """
    if source.size != size:
        raise StorageError("the stored object does not have the recorded size")
    source.seek(0)
    digest = hashlib.sha256()
    held: bytes | None = None
    for chunk in source.chunks():
        digest.update(chunk)
        if held is not None:
            yield held
        held = chunk
    if not hmac.compare_digest(digest.hexdigest(), sha256):
        raise StorageError("the stored object does not have the recorded SHA-256")
    if held is not None:
        yield held


def get_storage() -> EncryptedStorage:
    """The application's document storage, as configured."""
    config = current_app.config
    backend: Storage
    if config.get("STORAGE_URL"):
        backend = _object_storage(current_app)
    else:
        backend = LocalDirectory(Path(config["STORAGE_DIR"]))
    return EncryptedStorage(backend, config["STORAGE_KEY"])


def _object_storage(app: Flask) -> Storage:
    """The S3 backend of the settings, made once per process: a client is costly to build,
    thread-safe to share, but not to be inherited across a fork (gunicorn's workers)."""
    # Imported here: boto3 is loaded only by installations that store documents in S3.
    from portal.core.object_storage import ObjectStorage, make_client, parse_storage_url

    config = app.config
    settings = (
        config["STORAGE_URL"],
        config.get("S3_ENDPOINT_URL"),
        config.get("S3_REGION"),
        config.get("S3_ADDRESSING_STYLE", "auto"),
        config.get("S3_PART_SIZE", 8 * 1024 * 1024),
    )
    cache = app.extensions.setdefault("silta_object_storage", {})
    made = cache.get("backend")
    if made is None or made[0] != (os.getpid(), settings):
        client = make_client(settings[1], settings[2], settings[3])
        backend = ObjectStorage(client, parse_storage_url(settings[0]), part_size=settings[4])
        made = cache["backend"] = ((os.getpid(), settings), backend)
    return made[1]
