"""Uploading a document and a new version, streamed into encrypted storage.

These views read the request body themselves (see ``uploads.py``), so Flask-WTF's global
CSRF check, which would parse and spool the whole body first, is replaced by checking the
token before the file's first byte is stored, and again by the form. Everything after the
file is stored runs inside ``kept_or_removed``: a refusal or a failure removes the file.
The change itself is ``parsed.changes(form)``, the one request lifecycle of every view.
"""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import RequestEntityTooLarge

from portal.core.authz import authorize, get_or_404
from portal.core.errors import DomainError, error_response
from portal.core.htmx import render
from portal.core.security import safe_next
from portal.core.storage import get_storage
from portal.documents import files, service
from portal.documents.blueprint import bp
from portal.documents.extension_points import links
from portal.documents.forms import FILE_HINT, DocumentForm, VersionForm
from portal.documents.labels import CLASSIFICATION_HINTS, CLASSIFICATION_LABELS
from portal.documents.models import Classification, Document
from portal.documents.policy import UPLOAD_VERSION, may_share
from portal.documents.uploads import (
    ParsedUpload,
    StoredUpload,
    kept_or_removed,
    parse_upload,
)
from portal.extensions import csrf


def _limit_mb() -> int:
    return int((current_app.config.get("MAX_CONTENT_LENGTH") or 0) // (1024 * 1024))


def _too_large() -> ResponseReturnValue:
    # Nothing has been changed yet: the body is read before anything else.
    return error_response(
        413,
        _(
            "The file is larger than the portal accepts. The largest accepted file is "
            "%(size)d MB. Make the file smaller, for example by saving it as a PDF, or split it.",
            size=_limit_mb(),
        ),
    )


def _parse() -> ParsedUpload:
    return parse_upload(get_storage())


def _check_file(form: VersionForm, parsed: ParsedUpload, classification: Classification) -> None:
    """A file that is missing or not accepted is refused beside its field, and removed."""
    try:
        files.check_file(get_storage(), parsed.file, classification)
    except DomainError as error:
        parsed.refuse(form, error)


def _page(template: str, form: VersionForm, **context: Any) -> ResponseReturnValue:
    return render(
        template,
        form=form,
        file_hint=FILE_HINT % {"size": _limit_mb()},
        labels=CLASSIFICATION_LABELS,
        hints=CLASSIFICATION_HINTS,
        status_code=form.status,
        **context,
    )


def _choose_recipients(form: DocumentForm) -> None:
    form.recipients.choices = [(p.id, p.name) for p in service.recipient_choices(current_user)]


# What the document belongs to (a placement, an event, a report) is asked of the package
# that links documents to those (extension_points.links); a target is what it found.


def _belongs_to_choices(form: DocumentForm, chosen: Any) -> None:
    links().choose(current_user, form, chosen)


def _target_from_args() -> Any:
    return links().target_from_args(current_user)


def _prefill(form: DocumentForm, target: Any) -> None:
    links().prefill(current_user, form, target)


def _target_from_form(form: DocumentForm) -> Any:
    """The target chosen in the form; one the user cannot see is refused beside the field."""
    return links().target_from_form(current_user, form)


def _new_form() -> DocumentForm:
    """The empty form, filled in from the object named in the address."""
    form = DocumentForm(formdata=None)
    _choose_recipients(form)
    target = _target_from_args()
    if target is not None:
        _prefill(form, target)
    form.next.data = safe_next(request.args.get("next")) or ""
    _belongs_to_choices(form, target)
    return form


def _sent_form(parsed: ParsedUpload) -> tuple[DocumentForm, Any]:
    """The form as sent, with every error found before the change: its fields', the chosen
    object's and the file's."""
    form = DocumentForm(formdata=parsed.fields)
    _choose_recipients(form)
    form.validate()
    target = _target_from_form(form)
    _belongs_to_choices(form, target)
    _check_file(form, parsed, _classification(form))
    return form, target


def _classification(form: DocumentForm) -> Classification:
    if form.classification.data in Classification.__members__.values():
        return Classification(form.classification.data)
    return Classification.PUBLIC


def _share(form: DocumentForm, file: StoredUpload | None, target: Any) -> Document:
    assert file is not None  # _check_file refuses a form without one
    details = service.DocumentDetails(
        title=form.title.data,
        classification=_classification(form),
        description=form.description.data or "",
        legal_basis=form.legal_basis.data or "",
        secret_until=form.secret_until.data,
        recipient_ids=list(form.recipients.data or []),
        staff_may_see=bool(form.staff_may_see.data),
    )
    if target is None:
        return service.create_document(current_user, details, file)
    return links().share(current_user, details, file, target)


@bp.route("/new", methods=["GET", "POST"])
@csrf.exempt
def create() -> ResponseReturnValue:
    # A withdrawn party's people come here only from a placement they still finish.
    if not (may_share(current_user) or links().attachable(current_user)):
        abort(403)
    if request.method == "GET":
        return _page("documents/new.html", _new_form())
    try:
        parsed = _parse()
    except RequestEntityTooLarge:
        return _too_large()
    with kept_or_removed(parsed):
        form, target = _sent_form(parsed)
        if not form.errors:
            with parsed.changes(form) as change:
                document = _share(form, parsed.file, target)
            if change.ok:
                flash(
                    _("The document “%(title)s” has been shared.", title=document.title), "success"
                )
                detail = url_for("documents.detail", document_id=document.id)
                return redirect(safe_next(form.next.data) or detail, 303)
        parsed.refuse(form)
        return _page("documents/new.html", form)


@bp.route("/<int:document_id>/versions/new", methods=["GET", "POST"])
@csrf.exempt
def new_version(document_id: int) -> ResponseReturnValue:
    document = get_or_404(Document, document_id)
    authorize(UPLOAD_VERSION, document)
    if request.method == "GET":
        return _page("documents/new_version.html", VersionForm(formdata=None), document=document)
    try:
        parsed = _parse()
    except RequestEntityTooLarge:
        return _too_large()
    with kept_or_removed(parsed):
        form = VersionForm(formdata=parsed.fields)
        form.validate()
        _check_file(form, parsed, document.classification)
        if not form.errors:
            try:
                with parsed.changes(form) as change:
                    assert parsed.file is not None  # _check_file refuses a form without one
                    version = service.add_version(current_user, document, parsed.file)
            except IntegrityError:
                # Someone else's version took the same number a moment earlier.
                return error_response(
                    409, _("Another version was added at the same moment. Reload and try again.")
                )
            if change.ok:
                flash(_("Version %(number)d has been added.", number=version.number), "success")
                return redirect(url_for("documents.detail", document_id=document.id), 303)
        parsed.refuse(form)
        return _page("documents/new_version.html", form, document=document)
