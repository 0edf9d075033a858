"""Issuing a certificate on a placement, a certificate's page with the provider's record of
recognition, and the verification page."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm import joinedload, selectinload

from portal.certificates import recognition, service, sources
from portal.certificates.blueprint import bp
from portal.certificates.codes import display_code
from portal.certificates.forms import IssueForm, RecognitionForm, VerifyForm
from portal.certificates.models import Certificate, Recognition
from portal.certificates.policy import RECORD_RECOGNITION, issues_for, may_issue
from portal.certificates.verification import verify as verify_code
from portal.core.authz import can, get_or_404
from portal.core.errors import DomainError
from portal.core.htmx import htmx_redirect, is_htmx, render
from portal.core.lifecycle import changes
from portal.placements.models import Placement
from portal.placements.views import load

NOT_NOW = _l(
    "A certificate is issued once the workshop period has started, or once the trainee's study "
    "place has been accepted."
)


def _issue_form(placement: Placement, offered: list[sources.Candidate]) -> IssueForm:
    if request.method == "POST":
        return IssueForm()
    start, end = sources.period_of(placement)
    return IssueForm(
        data={
            "units": [{"key": c.key, "chosen": c.agreed} for c in offered],
            "period_start": start,
            "period_end": end,
            "hours": sources.recorded_hours(placement),
            "signer_title": current_user.title,
        }
    )


def _draft(form: IssueForm) -> service.Draft:
    return service.Draft(
        units=[
            service.UnitDraft(
                entry.key.data or "", entry.skills.data or "", entry.how_shown.data or ""
            )
            for entry in form.units
            if entry.chosen.data
        ],
        period_start=form.period_start.data,
        period_end=form.period_end.data,
        hours=form.hours.data,
        assessed_by=form.assessed_by.data or "",
        signer_title=form.signer_title.data or "",
    )


@bp.route("/placements/<int:placement_id>/certificates/new", methods=["GET", "POST"])
def issue(placement_id: int) -> ResponseReturnValue:
    placement = load(placement_id)
    if not issues_for(current_user, placement):
        abort(403)
    if not may_issue(current_user, placement):
        # Said at once, not after the form has been filled in.
        raise DomainError(NOT_NOW)
    offered = sources.candidates(placement)
    form = _issue_form(placement, offered)
    if form.validate_on_submit():
        with changes(form) as change:
            certificate = service.issue(current_user, placement, _draft(form))
        if change.ok:
            flash(
                _("The certificate has been issued and shared with the education provider."),
                "success",
            )
            return redirect(url_for("certificates.detail", certificate_id=certificate.id), 303)
    return render(
        "certificates/issue.html",
        form=form,
        placement=placement,
        offered={c.key: c for c in offered},
        status_code=form.status,
    )


def _load(certificate_id: int) -> Certificate:
    return get_or_404(
        Certificate,
        certificate_id,
        options=[
            selectinload(Certificate.units),
            joinedload(Certificate.placement).selectinload(Placement.team),
        ],
    )


def _recognition_form(certificate: Certificate) -> RecognitionForm:
    if request.method == "POST":
        return RecognitionForm()
    data: dict[str, Any] = {
        "units": [
            {
                "unit_id": str(unit.id),
                "recognition": unit.recognition.value if unit.recognition else "",
                "remaining": unit.remaining,
            }
            for unit in certificate.units
        ]
    }
    if certificate.recognised_on:
        data["recognised_on"] = certificate.recognised_on
    return RecognitionForm(data=data)


def _recognition_draft(
    form: RecognitionForm, certificate: Certificate
) -> recognition.RecognitionDraft:
    ids = {unit.id for unit in certificate.units}
    draft = recognition.RecognitionDraft(on=form.recognised_on.data)
    for entry in form.units:
        try:
            unit_id = int(entry.unit_id.data or "")
        except ValueError:
            continue
        if unit_id in ids:
            value = entry.recognition.data or ""
            draft.units[unit_id] = recognition.UnitRecognition(
                Recognition(value) if value in Recognition.__members__.values() else None,
                entry.remaining.data or "",
            )
    return draft


@bp.route("/certificates/<int:certificate_id>", methods=["GET", "POST"])
def detail(certificate_id: int) -> ResponseReturnValue:
    """The certificate; for the education provider, its form of what was recognised (one URL:
    the form posts here and comes back with its errors, or only its block for htmx)."""
    certificate = _load(certificate_id)
    form = _recognition_form(certificate) if can(RECORD_RECOGNITION, certificate) else None
    if request.method == "POST":
        if form is None:
            # Read, but not the reader's to record: the workshop's side.
            abort(403)
        if form.validate_on_submit():
            with changes(form) as change:
                recognition.record_recognition(
                    current_user, certificate, _recognition_draft(form, certificate)
                )
            if change.ok:
                flash(_("The recognition has been recorded."), "success")
                # The whole page again: the units above the form show what was recorded.
                here = url_for("certificates.detail", certificate_id=certificate.id)
                return htmx_redirect(here) if is_htmx() else redirect(here, 303)
    return render(
        "certificates/detail.html",
        block="recognition",
        certificate=certificate,
        placement=certificate.placement,
        form=form,
        units_by_id={str(unit.id): unit for unit in certificate.units},
        code=display_code(certificate.code),
        status_code=form.status if form is not None else 200,
    )


@bp.route("/certificates/verify", methods=["GET", "POST"])
def verify() -> ResponseReturnValue:
    form = VerifyForm()
    result = None
    if form.validate_on_submit():
        upload = form.file.data
        data = upload.read() if upload is not None and upload.filename else None
        with changes(form) as change:
            result = verify_code(current_user, form.code.data or "", data)
        if not change.ok:
            result = None
    return render(
        "certificates/verify.html",
        form=form,
        result=result,
        status_code=form.status,
    )
