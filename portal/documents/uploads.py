"""Streaming uploads: the form's file goes straight from the request into encrypted storage.

Werkzeug's own form parser would first spool the whole file (in memory, then in a plain
temporary file). Here the multipart body is decoded chunk by chunk: small fields are
collected, and the file's bytes are type-checked, hashed, counted against the size limit
and encrypted into storage as they arrive. A body that ends early, a file that is too
large or of a type not allowed leaves nothing stored.

Once stored, the file is referred to by no row until the view's transaction commits. The
view runs the rest of the request inside :func:`kept_or_removed` and makes its change with
``parsed.changes(form)``, so that whatever fails (a refused form, a database error, a bug)
removes the stored bytes with the rolled-back rows::

    parsed = parse_upload(get_storage())
    with kept_or_removed(parsed):
        form = DocumentForm(formdata=parsed.fields)
        ...
        with parsed.changes(form) as change:
            service.create_document(current_user, details, parsed.file)

A server killed half-way leaves an object no row refers to; ``flask --app portal documents
purge`` removes it after its grace period.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from flask import current_app, g, request
from flask_babel import LazyString
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError, validate_csrf
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import BadRequest, RequestEntityTooLarge
from werkzeug.http import parse_options_header
from werkzeug.sansio.multipart import Data, Epilogue, Field, File, MultipartDecoder, NeedData
from wtforms import ValidationError

from portal.core.errors import DomainError
from portal.core.forms import BaseForm
from portal.core.lifecycle import Changes, changes
from portal.core.storage import CHUNK_SIZE, EncryptedStorage, get_storage
from portal.documents.filetypes import FileType, TypeSniffer
from portal.extensions import db

MAX_FIELD_SIZE = 64 * 1024
MAX_PARTS = 100


@dataclass
class StoredUpload:
    """A file safely stored, not yet referred to by any row."""

    storage_key: str
    original_name: str
    size: int
    sha256: str
    file_type: FileType | None
    # Why the content was refused although its type is allowed (markup, a broken package).
    refusal: LazyString | None = None


@dataclass
class ParsedUpload:
    fields: MultiDict[str, str]
    file: StoredUpload | None
    # The file input was sent but empty (no file chosen).
    empty_file: bool = False
    # The rows referring to the file are committed: it is no longer this request's to remove.
    committed: bool = False

    def discard(self, storage: EncryptedStorage | None = None) -> None:
        """Remove the stored file: the form was refused."""
        if self.file is not None and not self.committed:
            (storage or get_storage()).delete(self.file.storage_key)
            self.file = None

    @contextmanager
    def changes(self, form: BaseForm | None = None) -> Iterator[Changes]:
        """The change that refers to the file, as :func:`portal.core.lifecycle.changes`;
        once it is committed, the file is its rows'."""
        with changes(form) as change:
            yield change
        if change.ok:
            self.committed = True

    def refuse(self, form: BaseForm, error: DomainError | None = None) -> None:
        """The form goes back with errors: say why the file is gone, and remove it."""
        if error is not None:
            form.add_domain_error(error)
        elif self.file is not None:
            # The file itself was fine; browsers cannot keep a chosen file across a reload.
            form.add_domain_error(
                DomainError(
                    _("The file was not kept because the form had errors. Choose it again."),
                    field="file",
                )
            )
        self.discard()


@contextmanager
def kept_or_removed(parsed: ParsedUpload) -> Iterator[None]:
    """Run the rest of an upload's request: on any exception, roll back and remove the file;
    when the request ends without ``parsed.changes()`` committed (a refused form), remove it."""
    try:
        yield
    except BaseException:
        db.session.rollback()
        parsed.discard()
        raise
    parsed.discard()


class _Body:
    """The multipart events of the request body, read from the stream as they are needed."""

    def __init__(self) -> None:
        content_type, options = parse_options_header(request.headers.get("Content-Type", ""))
        boundary = options.get("boundary", "")
        if content_type != "multipart/form-data" or not boundary:
            raise BadRequest()
        self._decoder = MultipartDecoder(
            boundary.encode("latin-1"), MAX_FIELD_SIZE + CHUNK_SIZE, max_parts=MAX_PARTS
        )
        # Raises 413 at once when the declared length is over the limit; otherwise counts.
        self._stream = request.stream

    def events(self) -> Iterator[Field | File | Data]:
        decoder = self._decoder
        while True:
            try:
                event = decoder.next_event()
            except ValueError as exc:
                # The body ended before the form did: the connection was cut.
                raise BadRequest() from exc
            if isinstance(event, NeedData):
                chunk = self._stream.read(CHUNK_SIZE)
                decoder.receive_data(chunk or None)
            elif isinstance(event, Epilogue):
                return
            elif isinstance(event, Field | File | Data):
                yield event


def parse_upload(storage: EncryptedStorage, *, file_field: str = "file") -> ParsedUpload:
    """Read the multipart request, storing its one file as it streams in."""
    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    events = _Body().events()
    fields: MultiDict[str, str] = MultiDict()
    parsed = ParsedUpload(fields=fields, file=None)
    try:
        for event in events:
            if isinstance(event, Field):
                fields.add(event.name, _field_value(events, event))
            elif isinstance(event, File):
                if event.name != file_field or parsed.file is not None or parsed.empty_file:
                    raise BadRequest()
                _check_csrf(fields)
                stored = _store_file(storage, events, event.filename or "", limit)
                if stored is None:
                    parsed.empty_file = True
                else:
                    parsed.file = stored
        _check_csrf(fields)
    except BaseException:
        parsed.discard(storage)
        raise
    return parsed


def _field_value(events: Iterator[Field | File | Data], field: Field) -> str:
    value = bytearray()
    for event in events:
        if not isinstance(event, Data):
            raise BadRequest()
        value.extend(event.data)
        if len(value) > MAX_FIELD_SIZE:
            raise RequestEntityTooLarge()
        if not event.more_data:
            break
    _, options = parse_options_header(field.headers.get("Content-Type", ""))
    try:
        text = value.decode(options.get("charset", "utf-8"), "replace")
    except LookupError as exc:
        # A character set no one has heard of: the request is malformed, not the server.
        raise BadRequest() from exc
    return text.replace("\r\n", "\n")


def _check_csrf(fields: MultiDict[str, str]) -> None:
    """Check the CSRF token before storing a byte: it must come in a header or a field that
    precedes the file (forms put the token first)."""
    config = current_app.config
    if not config.get("WTF_CSRF_ENABLED", True) or g.get("csrf_valid", False):
        return
    token = request.headers.get("X-CSRFToken") or fields.get("csrf_token")
    try:
        validate_csrf(token)
    except ValidationError as exc:
        raise CSRFError(str(exc)) from exc
    # As Flask-WTF's own check does: the forms of this request need not check it again.
    g.csrf_valid = True


def _store_file(
    storage: EncryptedStorage,
    events: Iterator[Field | File | Data],
    filename: str,
    limit: int | None,
) -> StoredUpload | None:
    sniffer = TypeSniffer()
    digest = hashlib.sha256()

    def file_bytes() -> Iterator[bytes]:
        for event in events:
            if not isinstance(event, Data):
                raise BadRequest()
            if event.data:
                sniffer.feed(event.data)
                digest.update(event.data)
                if limit is not None and sniffer.size > limit:
                    raise RequestEntityTooLarge()
                yield event.data
            if not event.more_data:
                return

    key = storage.write(file_bytes())
    try:
        if sniffer.size == 0 and not filename:
            # No file was chosen: the browser sends an empty part without a name.
            storage.delete(key)
            return None
        file_type = sniffer.detect(filename)
        return StoredUpload(
            storage_key=key,
            original_name=filename,
            size=sniffer.size,
            sha256=digest.hexdigest(),
            file_type=file_type,
            refusal=sniffer.refusal,
        )
    except BaseException:
        # Not yet in the parsed upload: the caller would not know to remove it.
        storage.delete(key)
        raise
