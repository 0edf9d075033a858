"""A coordinator answers a young person's request: finds the person among the party's own
placements, exports what the party holds, corrects the name, erases. Views are thin: what is
given out is decided in :mod:`.gather`, the changes in :mod:`.service`.

Only a party's coordinator answers; anyone else, and any placement not the party's own, is a
404, as everywhere in the portal.
"""

from __future__ import annotations

from typing import Any

from flask import Response, abort, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm import selectinload
from werkzeug.datastructures import MultiDict

from portal.core.dates import today
from portal.core.forms import options
from portal.core.htmx import render
from portal.core.lifecycle import changes
from portal.core.pagination import paginate
from portal.extensions import db
from portal.placements.access_log import log_view
from portal.placements.labels import STATUS_LABELS, VIEW_LABELS
from portal.placements.models import Placement
from portal.retention.service import ENDED
from portal.subject_access import gather, service
from portal.subject_access.blueprint import bp
from portal.subject_access.bundle import as_json, as_zip
from portal.subject_access.forms import JSON, PDF, EraseForm, ExportForm, RectifyForm, SearchForm
from portal.subject_access.pdf import export_pdf

# The placement access log's name for the views of a data request.
SUBJECT_ACCESS = "subject_access"
VIEW_LABELS[SUBJECT_ACCESS] = _l("Data request (export or correction)")

MIMETYPES = {PDF: "application/pdf", JSON: "application/json", "zip": "application/zip"}


def _answers() -> None:
    if not current_user.is_coordinator or current_user.party_id is None:
        abort(404)


def _own_or_404(placement_id: int) -> Placement:
    _answers()
    found = db.session.scalars(
        gather.own_placements(current_user).where(Placement.id == placement_id)
    ).first()
    if found is None:
        abort(404)
    return found


def _search_page(export_form: ExportForm | None = None) -> Response:
    args = request.args if export_form is None else MultiDict({"q": export_form.q.data or ""})
    form = SearchForm(args)
    page = None
    if (args.get("q") is not None) and form.validate():
        page = paginate(
            gather.search(current_user, form.q.data).options(
                selectinload(Placement.sender), selectinload(Placement.receiver)
            )
        )
    export_form = export_form or ExportForm(q=form.q.data)
    if page is not None:
        export_form.placements.choices = options((p.id, p.reference) for p in page.items)
    failed = bool(form.errors or export_form.errors)
    return render(
        "subject_access/index.html",
        block="results",
        form=form,
        export_form=export_form,
        page=page,
        status_labels=STATUS_LABELS,
        status_code=422 if failed else 200,
    )


@bp.get("/")
def index() -> ResponseReturnValue:
    _answers()
    return _search_page()


@bp.post("/export")
def export() -> ResponseReturnValue:
    _answers()
    form = ExportForm()
    ids = list(dict.fromkeys(request.form.getlist("placements", type=int)))
    placements = gather.chosen(current_user, ids)
    if len(placements) != len(ids):
        # One asked for is not the party's own (another party's id): as if it did not exist.
        abort(404)
    if not form.validate_on_submit():
        return _search_page(form)
    data = gather.export(current_user, placements)
    kind = form.kind.data
    with changes():
        service.record_export(current_user, placements, kind, files=kind == "zip")
    if kind == PDF:
        body = export_pdf(data)
    elif kind == JSON:
        body = as_json(data)
    else:
        body = as_zip(current_user, placements, data)
    # The export shows the full name: the placements' access logs say who made it.
    for placement in placements:
        log_view(current_user, placement, SUBJECT_ACCESS)
    return _download(body, kind)


def _download(body: bytes, kind: str) -> Response:
    filename = f"silta-subject-access-{today():%Y-%m-%d}.{kind}"
    return Response(
        body,
        mimetype=MIMETYPES[kind],
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )


def _placement_page(
    placement: Placement,
    rectify_form: RectifyForm | None = None,
    erase_form: EraseForm | None = None,
    status_code: int = 200,
) -> Response:
    return render(
        "subject_access/placement.html",
        placement=placement,
        rectify_form=rectify_form or RectifyForm(obj=placement, formdata=None),
        erase_form=erase_form or EraseForm(formdata=None),
        status_labels=STATUS_LABELS,
        may_erase=placement.status in ENDED,
        status_code=status_code,
    )


@bp.get("/placements/<int:placement_id>")
def placement(placement_id: int) -> ResponseReturnValue:
    found = _own_or_404(placement_id)
    response = _placement_page(found)
    # The correction form shows the full name (written first: logging commits).
    log_view(current_user, found, SUBJECT_ACCESS)
    return response


@bp.post("/placements/<int:placement_id>/rectify")
def rectify(placement_id: int) -> ResponseReturnValue:
    found = _own_or_404(placement_id)
    form = RectifyForm()
    if form.validate_on_submit():
        values: dict[str, Any] = form.values()
        with changes(form) as change:
            service.rectify(current_user, found, **values)
        if change.ok:
            flash(
                _("The correction has been saved; the timeline keeps the earlier value."), "success"
            )
            return redirect(url_for("subject_access.placement", placement_id=placement_id), 303)
    return _placement_page(found, rectify_form=form, status_code=422)


@bp.post("/placements/<int:placement_id>/erase")
def erase(placement_id: int) -> ResponseReturnValue:
    found = _own_or_404(placement_id)
    form = EraseForm()
    if form.validate_on_submit():
        with changes(form) as change:
            service.erase(current_user, found)
        if change.ok:
            flash(_("The placement's personal data has been erased."), "success")
            return redirect(url_for("subject_access.placement", placement_id=placement_id), 303)
    return _placement_page(found, erase_form=form, status_code=422)
