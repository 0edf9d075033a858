"""Document lists, the document page, downloads, the access log and deletion."""

from __future__ import annotations

import logging
from urllib.parse import quote

import sqlalchemy as sa
from flask import Response, abort, current_app, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import joinedload, selectinload

from portal.auth.freshness import require_recent_verification
from portal.core.authz import authorize, get_or_404, visible
from portal.core.errors import error_response
from portal.core.htmx import is_partial, render
from portal.core.i18n import local_datetime
from portal.core.keyset import newest_first
from portal.core.lifecycle import changes
from portal.core.models import utcnow
from portal.core.pagination import paginate, query_args
from portal.core.params import id_arg
from portal.core.storage import StorageError, get_storage
from portal.documents import downloads, service
from portal.documents.blueprint import bp
from portal.documents.extension_points import links
from portal.documents.filetypes import ascii_filename, type_for
from portal.documents.forms import DeleteForm, DetailsForm
from portal.documents.labels import ACTION_LABELS, CLASSIFICATION_LABELS, DISCLOSURE_LABELS
from portal.documents.models import (
    AccessAction,
    AccessLogEntry,
    Classification,
    DisclosureRequest,
    Document,
    DocumentVersion,
)
from portal.documents.policy import DELETE, EDIT_DETAILS, READ_ACCESS_LOG, may_share
from portal.documents.queries import ListFilters, Listing, document_list
from portal.documents.stamp import Stamp, StampError, TooLargeToStamp
from portal.extensions import db
from portal.parties.models import Party

log = logging.getLogger(__name__)


def _filters() -> ListFilters:
    args = request.args
    listing = Listing.OWN if args.get("list") == Listing.OWN.value else Listing.SHARED
    value = args.get("classification", "")
    classification = Classification(value) if value in Classification.__members__.values() else None
    # A name typed anew replaces the object chosen before.
    belongs = args.get("belongs", "").strip()[:100]
    return ListFilters(
        listing=listing,
        classification=classification,
        party_id=id_arg("party"),
        query=args.get("q", "").strip()[:100],
        linked=None if belongs else links().parse_filter(args.get("linked")),
        belongs=belongs,
    )


@bp.get("/")
def index() -> ResponseReturnValue:
    filters = _filters()
    # Paged by key, newest first: a page reads only its own rows and nothing counts the
    # whole list, however many documents the user sees.
    page = newest_first(
        document_list(current_user, filters), Document.id, moment=Document.created_at
    )
    parties = db.session.scalars(
        sa.select(Party).where(Party.id != current_user.party_id).order_by(Party.name)
    ).all()
    linked_label = (
        links().filter_label(current_user, filters.linked) if filters.linked is not None else None
    )
    return render(
        "documents/index.html",
        block="results",
        page=page,
        filters=filters,
        listings=Listing,
        parties=parties,
        linked_label=linked_label,
        # Typed without a script: the matching objects to choose from, under the field.
        suggestions=links().suggest(current_user, filters.belongs) if filters.belongs else [],
        labels=CLASSIFICATION_LABELS,
        may_share=may_share(current_user),
    )


@bp.get("/belongs-to")
def belongs_to_suggestions() -> ResponseReturnValue:
    """What the typed name may mean, for the list's "belongs to" filter (an htmx fragment)."""
    if not is_partial():
        # Asked for without a script: the list filtered by the typed name does the same.
        return redirect(url_for("documents.index", **query_args()), 303)
    filters = _filters()
    return render(
        "documents/_belongs_to_suggestions.html",
        suggestions=links().suggest(current_user, filters.belongs),
        filters=filters,
    )


@bp.get("/<int:document_id>")
def detail(document_id: int) -> ResponseReturnValue:
    document = get_or_404(
        Document,
        document_id,
        options=[
            joinedload(Document.owner),
            joinedload(Document.created_by),
            selectinload(Document.versions).joinedload(DocumentVersion.uploaded_by),
            selectinload(Document.recipients),
        ],
    )
    if document.classification == Classification.SECRET:
        require_recent_verification(current_user)
    requests = db.session.scalars(
        visible(DisclosureRequest)
        .where(DisclosureRequest.document_id == document.id)
        .options(
            joinedload(DisclosureRequest.requested_by),
            joinedload(DisclosureRequest.requester_party),
        )
        .order_by(DisclosureRequest.created_at.desc(), DisclosureRequest.id.desc())
    ).all()
    # The page is written before the view is recorded: the commit expires every loaded row,
    # and a page written after it would read the document, its versions and requests again.
    page = render(
        "documents/detail.html",
        document=document,
        versions=[v for v in document.versions if v.storage_key is not None],
        requests=requests,
        labels=CLASSIFICATION_LABELS,
        disclosure_labels=DISCLOSURE_LABELS,
        type_for=type_for,
    )
    with changes():
        downloads.record_access(current_user, document, document.current_version, AccessAction.VIEW)
    return page


def _stamp(document: Document) -> Stamp:
    mark = str(CLASSIFICATION_LABELS[document.classification]).upper()
    if document.classification == Classification.SECRET:
        mark = f"{mark} ({document.legal_basis})"
    party = current_user.party.name if current_user.party else "—"
    return Stamp(
        top=_("%(mark)s – recipient: %(party)s", mark=mark, party=party),
        bottom=_(
            "Downloaded by %(name)s, %(party)s, %(time)s. Not to be disclosed to a third party "
            "without the owner's written permission.",
            name=current_user.name,
            party=party,
            time=local_datetime(utcnow(), "short"),
        ),
    )


def content_disposition(filename: str) -> str:
    return (
        f"attachment; filename=\"{ascii_filename(filename)}\"; filename*=UTF-8''{quote(filename)}"
    )


@bp.get("/<int:document_id>/versions/<int:version_id>/download")
def download(document_id: int, version_id: int) -> ResponseReturnValue:
    document = get_or_404(Document, document_id)
    version = get_or_404(DocumentVersion, version_id)
    if version.document_id != document.id or version.storage_key is None:
        abort(404)
    if document.classification == Classification.SECRET:
        # After confirming, back to the document's page: a download leaves no page to return to.
        back = url_for("documents.detail", document_id=document.id)
        require_recent_verification(current_user, back_to=back)
    stamp = (
        _stamp(document)
        if version.content_type == "application/pdf" and document.classification.is_restricted
        else None
    )
    try:
        download = downloads.open_download(get_storage(), version, stamp)
    except StorageError:
        log.exception("Stored file of document version %s was refused", version.id)
        with changes():
            downloads.record_refused_file(current_user, document, version)
        abort(500)
    except TooLargeToStamp:
        # Stored before the stamping limit was lowered: refused, never served unstamped.
        return error_response(
            409,
            _(
                "This PDF is larger than the portal stamps on download (%(size)d MB), so it "
                "cannot be downloaded. Ask the owner party to share it again in smaller parts.",
                size=current_app.config["STAMP_MAX_MB"],
            ),
        )
    except StampError:
        log.exception("Document version %s could not be stamped", version.id)
        abort(500)
    with changes():
        downloads.record_access(current_user, document, version, AccessAction.DOWNLOAD)
    # Text is stored only when it is UTF-8; werkzeug adds that charset to text types.
    response = Response(download.body, mimetype=version.content_type, direct_passthrough=True)
    response.headers["Content-Disposition"] = content_disposition(version.filename)
    if download.length is not None:
        response.content_length = download.length
    response.call_on_close(download.close)
    return response


@bp.get("/<int:document_id>/access-log")
def access_log(document_id: int) -> ResponseReturnValue:
    document = get_or_404(Document, document_id)
    authorize(READ_ACCESS_LOG, document)
    page = paginate(
        visible(AccessLogEntry)
        .where(AccessLogEntry.document_id == document.id)
        .options(
            selectinload(AccessLogEntry.user),
            selectinload(AccessLogEntry.party),
            selectinload(AccessLogEntry.version),
        )
        .order_by(AccessLogEntry.at.desc(), AccessLogEntry.id.desc())
    )
    return render(
        "documents/access_log.html",
        block="results",
        document=document,
        page=page,
        labels=CLASSIFICATION_LABELS,
        action_labels=ACTION_LABELS,
    )


@bp.route("/<int:document_id>/edit", methods=["GET", "POST"])
def edit(document_id: int) -> ResponseReturnValue:
    document = get_or_404(Document, document_id)
    authorize(EDIT_DETAILS, document)
    form = DetailsForm(obj=document)
    if form.validate_on_submit():
        with changes(form) as change:
            changed = service.update_details(
                current_user, document, form.title.data, form.description.data or ""
            )
        if change.ok:
            if changed:
                flash(_("The document's details have been saved."), "success")
            return redirect(url_for("documents.detail", document_id=document.id), 303)
    return render("documents/edit.html", form=form, document=document, status_code=form.status)


@bp.route("/<int:document_id>/delete", methods=["GET", "POST"])
def delete(document_id: int) -> ResponseReturnValue:
    document = get_or_404(Document, document_id)
    authorize(DELETE, document)
    form = DeleteForm()
    if form.validate_on_submit():
        with changes():
            service.delete_document(current_user, document)
        flash(_("The document “%(title)s” has been deleted.", title=document.title), "success")
        return redirect(url_for("documents.index", list=Listing.OWN.value), 303)
    return render(
        "documents/delete.html", form=form, document=document, labels=CLASSIFICATION_LABELS
    )


@bp.app_template_global("classification_label")
def classification_label(classification: Classification) -> str:
    """The mark's name in the reader's language, for the ``mark`` macro on any page."""
    return str(CLASSIFICATION_LABELS[Classification(classification)])
