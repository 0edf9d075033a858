"""Asking the owner's written permission to disclose to a third party, and deciding on it."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from portal.core.authz import authorize, get_or_404
from portal.core.errors import DomainError, TransitionNotAllowed
from portal.core.htmx import render
from portal.core.lifecycle import changes
from portal.documents import disclosure as disclosures
from portal.documents.blueprint import bp
from portal.documents.forms import DecisionForm, DisclosureRequestForm
from portal.documents.labels import CLASSIFICATION_LABELS, DISCLOSURE_LABELS
from portal.documents.models import DisclosureRequest, DisclosureStatus, Document, DocumentVersion
from portal.documents.policy import DECIDE, REQUEST_DISCLOSURE


def _to_document(document: Document) -> ResponseReturnValue:
    return redirect(url_for("documents.detail", document_id=document.id), 303)


@bp.route("/<int:document_id>/disclosures/new", methods=["GET", "POST"])
def request_disclosure(document_id: int) -> ResponseReturnValue:
    document = get_or_404(Document, document_id)
    authorize(REQUEST_DISCLOSURE, document)
    versions = [v for v in document.versions if v.storage_key is not None]
    form = DisclosureRequestForm()
    form.version.choices = [
        (v.id, _("Version %(number)d – %(name)s", number=v.number, name=v.filename))
        for v in versions
    ]
    if request.method == "GET" and versions:
        form.version.data = versions[0].id
    if form.validate_on_submit():
        version = next((v for v in versions if v.id == form.version.data), None)
        with changes(form) as change:
            if version is None:
                raise DomainError(_("Choose a version of this document."), field="version")
            disclosures.request_disclosure(
                current_user,
                document,
                version,
                third_party=form.third_party.data,
                purpose=form.purpose.data,
                scope=form.scope.data,
            )
        if change.ok:
            flash(_("Your request has been sent to the owner's coordinators."), "success")
            return _to_document(document)
    return render(
        "documents/disclosure_form.html",
        form=form,
        document=document,
        labels=CLASSIFICATION_LABELS,
        status_code=form.status,
    )


@bp.route("/<int:document_id>/disclosures/<int:request_id>", methods=["GET", "POST"])
def decide(document_id: int, request_id: int) -> ResponseReturnValue:
    document = get_or_404(Document, document_id)
    disclosure = get_or_404(DisclosureRequest, request_id)
    if disclosure.document_id != document.id:
        abort(404)
    version = get_or_404(DocumentVersion, disclosure.version_id)
    form = DecisionForm()
    if request.method == "POST":
        authorize(DECIDE, disclosure)
        if form.validate_on_submit():
            # Decided already, in another tab or by another coordinator: the 409 page.
            with changes(form, as_page=(TransitionNotAllowed,)) as change:
                disclosures.decide(
                    current_user,
                    disclosure,
                    DisclosureStatus(form.outcome.data),
                    form.decision.data,
                )
            if change.ok:
                flash(_("The decision has been recorded and the requester told."), "success")
                return _to_document(document)
    return render(
        "documents/disclosure.html",
        form=form,
        document=document,
        disclosure=disclosure,
        version=version,
        labels=CLASSIFICATION_LABELS,
        disclosure_labels=DISCLOSURE_LABELS,
        status_code=form.status,
    )
