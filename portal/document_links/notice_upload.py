"""The administrator's withdrawal form with its optional written notice: the file streams into
encrypted storage as documents do (see ``portal.documents.uploads``), and the CSRF token is
checked before its first byte is stored.

The parties' withdrawal view asks for this module through
:data:`portal.parties.extension_points.notice_filing`, which ``init_app`` plugs it into.
"""

from __future__ import annotations

from flask import current_app, request
from werkzeug.datastructures import MultiDict

from portal.auth.models import User
from portal.core.errors import DomainError
from portal.core.forms import BaseForm
from portal.core.storage import get_storage
from portal.document_links.service import WITHDRAWAL_NOTICE_CLASSIFICATION, file_withdrawal_notice
from portal.documents import files
from portal.documents.forms import FILE_HINT

# kept_or_removed is the withdrawal view's too: the one helper of streamed uploads.
from portal.documents.uploads import ParsedUpload, kept_or_removed, parse_upload
from portal.parties.models import Party

__all__ = ["file_error", "file_hint", "file_notice", "kept_or_removed", "parse", "refuse"]


def file_hint() -> str:
    limit = int((current_app.config.get("MAX_CONTENT_LENGTH") or 0) // (1024 * 1024))
    return str(FILE_HINT % {"size": limit})


def parse() -> ParsedUpload:
    """The form's fields and its file, if one was chosen.

    A form posted without the file input (url-encoded) has no file; its CSRF token is then
    checked by the form itself.
    """
    if request.mimetype != "multipart/form-data":
        return ParsedUpload(fields=MultiDict(request.form), file=None)
    return parse_upload(get_storage())


def file_error(parsed: ParsedUpload) -> DomainError | None:
    """A file given but not accepted; no file at all is fine, the notice is optional."""
    if parsed.file is None:
        return None
    try:
        files.check_file(get_storage(), parsed.file, WITHDRAWAL_NOTICE_CLASSIFICATION)
    except DomainError as error:
        return error
    return None


def refuse(form: BaseForm, parsed: ParsedUpload, error: DomainError | None) -> None:
    """The form goes back with errors: say why the file is gone, and remove it from storage."""
    parsed.refuse(form, error)


def file_notice(actor: User, party: Party, parsed: ParsedUpload) -> None:
    """File the chosen notice as the party's internal document, in the withdrawal's transaction."""
    assert parsed.file is not None
    file_withdrawal_notice(actor, party, parsed.file)
