"""Documents in S3-compatible object storage, behind the same interface as a local directory.

Several application servers then share one store without a shared file system. The bytes
that reach the bucket are already encrypted (:class:`~portal.core.storage.EncryptedStorage`
wraps this backend), so neither the storage provider nor a leaked bucket sees a document.

Both directions stream. A write sends an object that fits in one part with a single PUT and
a larger one as a multipart upload of ``part_size`` parts, so a writer holds one part in
memory however large the file; until the upload is completed the object does not exist, as
the interface requires. An upload cut off is aborted; one whose server was killed stays
behind as an incomplete multipart upload, which :meth:`ObjectStorage.keys` lists (as
``partial/…``) so that the purge aborts it. A read streams the object's body through
ranged GETs of growing windows; see :class:`_RangedReader`.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from urllib3.exceptions import HTTPError as Urllib3HTTPError

from portal.config import BucketLocation, parse_storage_url
from portal.core.storage import SeekableReader, StorageError, StoredKey

__all__ = ["BucketLocation", "ObjectStorage", "make_client", "parse_storage_url"]

# S3 refuses parts smaller than 5 MiB (but the last); 8 MiB is boto3's own choice.
MIN_PART_SIZE = 5 * 1024 * 1024
DEFAULT_PART_SIZE = 8 * 1024 * 1024
# Reads: the first window of a GET, doubled while reading goes on in order, up to the most.
MIN_WINDOW = 256 * 1024
MAX_WINDOW = 8 * 1024 * 1024

_OBJECT_KEY = re.compile(r"^objects/[0-9a-f]{2}/[0-9a-f]{32}$")
# An unfinished multipart upload: the object's name and the upload's id, which S3 makes up.
_PARTIAL_KEY = re.compile(
    r"^partial/(?P<name>[0-9a-f]{32})/(?P<upload>[A-Za-z0-9._~=+/-]{1,1024})$"
)

# Errors of the connection rather than of the request: a read that meets one is retried once
# from where it stopped (an idle body closed by the server while a slow client downloads).
_CONNECTION_ERRORS = (BotoCoreError, Urllib3HTTPError, ConnectionError)


def make_client(
    endpoint_url: str | None = None,
    region: str | None = None,
    addressing_style: str = "auto",
) -> Any:
    """An S3 client; credentials come from boto3's usual chain (``AWS_ACCESS_KEY_ID`` and
    ``AWS_SECRET_ACCESS_KEY``, a profile, an instance role)."""
    config = Config(
        s3={"addressing_style": addressing_style},
        retries={"mode": "standard", "max_attempts": 5},
        # Checksums only where S3 demands them: the contents are authenticated by AES-GCM
        # already, and several S3-compatible servers refuse the newer checksum headers.
        request_checksum_calculation="when_required",
        response_checksum_validation="when_required",
    )
    return boto3.session.Session().client(
        "s3", endpoint_url=endpoint_url, region_name=region, config=config
    )


def _not_found(error: ClientError) -> bool:
    code = str(error.response.get("Error", {}).get("Code", ""))
    return code in {"404", "NoSuchKey", "NotFound", "NoSuchUpload"}


class ObjectStorage:
    """Objects under ``prefix`` in ``bucket``, with the local directory's keys."""

    def __init__(
        self, client: Any, location: BucketLocation, part_size: int = DEFAULT_PART_SIZE
    ) -> None:
        if part_size < MIN_PART_SIZE:
            raise ValueError(f"parts must be at least {MIN_PART_SIZE} bytes")
        self.client = client
        self.bucket = location.bucket
        self.prefix = location.prefix
        self.part_size = part_size

    def new_key(self) -> str:
        name = uuid.uuid4().hex
        return f"objects/{name[:2]}/{name}"

    def _object_key(self, key: str) -> str:
        if not _OBJECT_KEY.match(key):
            raise StorageError(f"not a storage key: {key!r}")
        return self.prefix + key

    def write(self, chunks: Iterable[bytes], key: str | None = None) -> str:
        final_key = key or self.new_key()
        name = self._object_key(final_key)
        part = bytearray()
        upload: _MultipartUpload | None = None
        try:
            for chunk in chunks:
                part.extend(chunk)
                while len(part) >= self.part_size:
                    if upload is None:
                        upload = _MultipartUpload(self.client, self.bucket, name)
                    # The part is sent as it is, not copied: one part in memory at a time.
                    rest = part[self.part_size :]
                    del part[self.part_size :]
                    upload.send(part)
                    part = rest
            if upload is None:
                # Small enough for one request, which S3 stores whole or not at all.
                self.client.put_object(Bucket=self.bucket, Key=name, Body=part)
            else:
                if part:
                    upload.send(part)
                upload.complete()
        except BaseException:
            # A cut connection or a refused file leaves nothing behind. (A killed process
            # leaves the multipart upload; the purge aborts it.)
            if upload is not None:
                upload.abort()
            raise
        return final_key

    def open(self, key: str) -> BinaryIO:
        name = self._object_key(key)
        try:
            head = self.client.head_object(Bucket=self.bucket, Key=name)
        except ClientError as exc:
            if _not_found(exc):
                raise StorageError(f"no stored object {key}") from exc
            raise
        return _RangedReader(self.client, self.bucket, name, int(head["ContentLength"]))  # type: ignore[return-value]

    def delete(self, key: str) -> None:
        partial = _PARTIAL_KEY.match(key)
        if partial:
            name = partial["name"]
            try:
                self.client.abort_multipart_upload(
                    Bucket=self.bucket,
                    Key=f"{self.prefix}objects/{name[:2]}/{name}",
                    UploadId=partial["upload"],
                )
            except ClientError as exc:
                if not _not_found(exc):
                    raise
            return
        # Deleting a missing object succeeds in S3, as unlink(missing_ok=True) does locally.
        self.client.delete_object(Bucket=self.bucket, Key=self._object_key(key))

    def keys(self) -> Iterator[StoredKey]:
        start = len(self.prefix)
        objects = self.client.get_paginator("list_objects_v2")
        for page in objects.paginate(Bucket=self.bucket, Prefix=self.prefix + "objects/"):
            for item in page.get("Contents", []):
                key = item["Key"][start:]
                if _OBJECT_KEY.match(key):
                    yield StoredKey(key, item["LastModified"])
        uploads = self.client.get_paginator("list_multipart_uploads")
        for page in uploads.paginate(Bucket=self.bucket, Prefix=self.prefix + "objects/"):
            for item in page.get("Uploads", []):
                key = item["Key"][start:]
                if not _OBJECT_KEY.match(key):
                    continue
                partial = f"partial/{key.rsplit('/', 1)[1]}/{item['UploadId']}"
                if _PARTIAL_KEY.match(partial):
                    yield StoredKey(partial, item["Initiated"], incomplete=True)


class _MultipartUpload:
    """One multipart upload, begun when the first part is full."""

    def __init__(self, client: Any, bucket: str, name: str) -> None:
        self.client = client
        self.bucket = bucket
        self.name = name
        self.parts: list[dict[str, Any]] = []
        self.upload_id = client.create_multipart_upload(Bucket=bucket, Key=name)["UploadId"]

    def send(self, data: bytearray) -> None:
        number = len(self.parts) + 1
        answer = self.client.upload_part(
            Bucket=self.bucket, Key=self.name, UploadId=self.upload_id, PartNumber=number, Body=data
        )
        self.parts.append({"PartNumber": number, "ETag": answer["ETag"]})

    def complete(self) -> None:
        self.client.complete_multipart_upload(
            Bucket=self.bucket,
            Key=self.name,
            UploadId=self.upload_id,
            MultipartUpload={"Parts": self.parts},
        )

    def abort(self) -> None:
        try:
            self.client.abort_multipart_upload(
                Bucket=self.bucket, Key=self.name, UploadId=self.upload_id
            )
        except (ClientError, *_CONNECTION_ERRORS):
            # The store cannot be reached: the upload stays listed, and the purge aborts it.
            pass


class _RangedReader(SeekableReader):
    """A stored object, readable in order and by seeking, fetched by ranged GETs.

    Read in order, it streams: each GET covers a window that doubles while the reading goes
    on in order (up to ``MAX_WINDOW``), so a download takes a handful of requests and holds
    no more than a read's worth of bytes. Read by jumping about (a PDF being parsed from its
    end), each jump fetches one small window into memory, placed before the position when
    the reader moves backwards, so the reads that follow are answered from it.
    """

    def __init__(self, client: Any, bucket: str, name: str, size: int) -> None:
        super().__init__()
        self._client = client
        self._bucket = bucket
        self._name = name
        self.size = size
        self._position = 0
        # Where the last read ended: a read from there continues in order.
        self._read_end = 0
        # A streamed window: the body, where its next byte lies and where it ends.
        self._body: Any = None
        self._body_position = 0
        self._body_end = 0
        self._window = MIN_WINDOW
        # A small window fetched whole, for reads that jump.
        self._buffer = b""
        self._buffer_start = 0

    def _get(self, start: int, end: int) -> Any:
        """The body of the bytes from ``start`` up to (not including) ``end``."""
        try:
            answer = self._client.get_object(
                Bucket=self._bucket, Key=self._name, Range=f"bytes={start}-{end - 1}"
            )
        except ClientError as exc:
            if _not_found(exc):
                raise StorageError(f"no stored object {self._name}") from exc
            raise
        return answer["Body"]

    def _close_body(self) -> None:
        if self._body is not None:
            self._body.close()
        self._body = None

    def _stream_from(self, position: int, in_order: bool) -> None:
        self._close_body()
        self._window = min(2 * self._window, MAX_WINDOW) if in_order else MIN_WINDOW
        self._body_end = min(position + self._window, self.size)
        self._body = self._get(position, self._body_end)
        self._body_position = position

    def _fetch_around(self, position: int, size: int) -> None:
        """Fetch one small window holding the bytes asked for, into memory."""
        self._close_body()
        self._window = MIN_WINDOW
        backwards = position < self._read_end
        start = max(0, position + size - MIN_WINDOW) if backwards else position
        end = min(start + MIN_WINDOW, self.size)
        body = self._get(start, end)
        try:
            self._buffer = _read_fully(body, end - start)
        finally:
            body.close()
        self._buffer_start = start

    def _read_some(self, size: int) -> bytes:
        position = self._position
        offset = position - self._buffer_start
        if 0 <= offset < len(self._buffer):
            return self._buffer[offset : offset + size]
        if self._body is not None and self._body_position == position < self._body_end:
            piece = self._body.read(min(size, self._body_end - position))
            if not piece:
                raise StorageError(f"the stored object {self._name} ended early")
            self._body_position += len(piece)
            return bytes(piece)
        if position == self._read_end or size > MIN_WINDOW:
            self._stream_from(position, in_order=position == self._read_end)
        else:
            self._fetch_around(position, size)
        return self._read_some(size)

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:
            size = self.size - self._position
        size = min(size, self.size - self._position)
        parts = []
        while size > 0:
            for attempt in (1, 2):
                try:
                    piece = self._read_some(size)
                    break
                except _CONNECTION_ERRORS:
                    self._close_body()
                    if attempt == 2:
                        raise
            parts.append(piece)
            self._position += len(piece)
            self._read_end = self._position
            size -= len(piece)
        return b"".join(parts)

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._close_body()
        self._buffer = b""
        super().close()


def _read_fully(body: Any, size: int) -> bytes:
    parts = []
    while size > 0:
        piece = body.read(size)
        if not piece:
            raise StorageError("the stored object ended early")
        parts.append(piece)
        size -= len(piece)
    return b"".join(parts)
