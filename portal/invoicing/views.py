"""The invoice basis pages: choosing one, the basis with its state, CSV and PDF, and the
provider's confirmation or dispute and the workshop's answer (one URL per basis)."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from flask import Response, abort, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import joinedload

from portal.core import dates
from portal.core.authz import visible
from portal.core.forms import options
from portal.core.htmx import render
from portal.core.lifecycle import changes
from portal.core.pagination import paginate, paginate_rows
from portal.core.params import clamp_date
from portal.daily_records import days
from portal.extensions import db
from portal.invoicing import basis as counting
from portal.invoicing import export, service
from portal.invoicing.blueprint import bp
from portal.invoicing.forms import AnswerForm, DisputeForm
from portal.invoicing.labels import STATE_LABELS
from portal.invoicing.models import BasisState, InvoiceBasis, InvoiceBasisComment
from portal.invoicing.policy import may_answer, may_confirm, may_read
from portal.invoicing.workflow import RULES, Action, allows
from portal.parties.models import Party, PartyKind
from portal.placements.models import Direction, Placement


@bp.context_processor
def _labels() -> dict[str, Any]:
    return {"state_labels": STATE_LABELS}


def month_arg(value: str | None) -> date | None:
    try:
        return clamp_date(date.fromisoformat(f"{value}-01"))
    except (TypeError, ValueError):
        return None


def _own_kind() -> PartyKind | None:
    party = current_user.party
    if party is None or party.kind not in (PartyKind.WORKSHOP, PartyKind.EDUCATION_PROVIDER):
        return None
    return party.kind


def _counterparts() -> list[Party]:
    """The parties the user's party has workshop periods with: its providers or workshops."""
    own, other = (
        (Placement.receiver_party_id, Placement.sender_party_id)
        if _own_kind() == PartyKind.WORKSHOP
        else (Placement.sender_party_id, Placement.receiver_party_id)
    )
    ids = sa.select(other).where(
        own == current_user.party_id, Placement.direction == Direction.TO_WORKSHOP
    )
    return list(db.session.scalars(sa.select(Party).where(Party.id.in_(ids)).order_by(Party.name)))


@bp.get("/")
def index() -> ResponseReturnValue:
    if _own_kind() is None:
        abort(404)
    counterparts = _counterparts()
    chosen = request.args.get("party", type=int)
    month = month_arg(request.args.get("month"))
    party = next((p for p in counterparts if p.id == chosen), None)
    if party is not None and month is not None:
        workshop, provider = (
            (current_user.party, party)
            if _own_kind() == PartyKind.WORKSHOP
            else (party, current_user.party)
        )
        return redirect(_url(workshop.id, provider.id, month), 303)
    page = paginate(
        visible(InvoiceBasis)
        .options(joinedload(InvoiceBasis.workshop), joinedload(InvoiceBasis.provider))
        .order_by(InvoiceBasis.month.desc(), InvoiceBasis.id.desc())
    )
    return render(
        "invoicing/index.html",
        counterparts=counterparts,
        page=page,
        last_month=days.previous_month(days.month_of(dates.today())),
    )


def _url(workshop_id: int, provider_id: int, month: date, endpoint: str = ".basis") -> str:
    return url_for(
        endpoint, workshop_id=workshop_id, provider_id=provider_id, month=f"{month:%Y-%m}"
    )


def _load(workshop_id: int, provider_id: int, month_text: str) -> counting.Basis:
    """The basis, if the user is of one of its two parties; 404 for everyone else."""
    month = month_arg(month_text)
    workshop, provider = db.session.get(Party, workshop_id), db.session.get(Party, provider_id)
    if month is None or workshop is None or provider is None:
        abort(404)
    if not may_read(current_user, workshop, provider):
        abort(404)
    return counting.count(workshop, provider, month)


def _page(
    found: counting.Basis,
    dispute_form: DisputeForm | None = None,
    answer_form: AnswerForm | None = None,
    status_code: int = 200,
) -> ResponseReturnValue:
    record = service.find(found.workshop, found.provider, found.month)
    state = service.state_of(record, found)
    comments: list[InvoiceBasisComment] = list(record.comments) if record else []
    dispute_form = dispute_form or DisputeForm(formdata=None)
    dispute_form.line.choices = options(found.references().items())
    return render(
        "invoicing/basis.html",
        basis=found,
        record=record,
        state=state,
        figures_changed=record is not None
        and record.state != BasisState.OPEN
        and state == BasisState.OPEN,
        comments=comments,
        references=found.references(),
        lines=paginate_rows(found.lines, "lines-page"),
        may_confirm=may_confirm(current_user, found.workshop, found.provider),
        may_answer=may_answer(current_user, found.workshop, found.provider)
        and record is not None
        and allows(RULES, Action.ANSWER, record.state),
        dispute_form=dispute_form,
        answer_form=answer_form or AnswerForm(formdata=None),
        status_code=status_code,
    )


@bp.get("/<int:workshop_id>/<int:provider_id>/<month>")
def basis(workshop_id: int, provider_id: int, month: str) -> ResponseReturnValue:
    return _page(_load(workshop_id, provider_id, month))


def _download(found: counting.Basis, data: bytes, mimetype: str, suffix: str) -> Response:
    filename = f"silta-invoice-basis-{found.workshop.id}-{found.provider.id}-{found.month:%Y-%m}"
    return Response(
        data,
        mimetype=mimetype,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}.{suffix}"',
            "Cache-Control": "no-store",
        },
    )


@bp.get("/<int:workshop_id>/<int:provider_id>/<month>.csv")
def basis_csv(workshop_id: int, provider_id: int, month: str) -> ResponseReturnValue:
    found = _load(workshop_id, provider_id, month)
    return _download(found, export.basis_csv(found), "text/csv", "csv")


@bp.get("/<int:workshop_id>/<int:provider_id>/<month>.pdf")
def basis_pdf(workshop_id: int, provider_id: int, month: str) -> ResponseReturnValue:
    found = _load(workshop_id, provider_id, month)
    state = service.state_of(service.find(found.workshop, found.provider, found.month), found)
    pdf = export.basis_pdf(found, str(STATE_LABELS[state]))
    return _download(found, pdf, "application/pdf", "pdf")


def _back(found: counting.Basis) -> ResponseReturnValue:
    return redirect(_url(found.workshop.id, found.provider.id, found.month), 303)


@bp.post("/<int:workshop_id>/<int:provider_id>/<month>/confirm")
def confirm(workshop_id: int, provider_id: int, month: str) -> ResponseReturnValue:
    found = _load(workshop_id, provider_id, month)
    with changes():
        service.confirm(current_user, found)
    flash(_("The invoice basis has been confirmed. The workshop has been told."), "success")
    return _back(found)


@bp.post("/<int:workshop_id>/<int:provider_id>/<month>/dispute")
def dispute(workshop_id: int, provider_id: int, month: str) -> ResponseReturnValue:
    found = _load(workshop_id, provider_id, month)
    if not may_confirm(current_user, found.workshop, found.provider):
        abort(403)
    form = DisputeForm()
    form.line.choices = options(found.references().items())
    if form.validate_on_submit():
        with changes(form) as change:
            service.dispute(current_user, found, form.line.data, form.comment.data or "")
        if change.ok:
            flash(_("The line has been disputed. The workshop has been told."), "success")
            return _back(found)
    return _page(found, dispute_form=form, status_code=422)


@bp.post("/<int:workshop_id>/<int:provider_id>/<month>/answer")
def answer(workshop_id: int, provider_id: int, month: str) -> ResponseReturnValue:
    found = _load(workshop_id, provider_id, month)
    if not may_answer(current_user, found.workshop, found.provider):
        abort(403)
    form = AnswerForm()
    if form.validate_on_submit():
        with changes(form) as change:
            service.answer(current_user, found, form.comment.data or "")
        if change.ok:
            flash(_("The dispute has been answered. The basis is open again."), "success")
            return _back(found)
    return _page(found, answer_form=form, status_code=422)
