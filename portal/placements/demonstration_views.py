"""Skills demonstrations: planning, changing and removing one, the assessors offered while
typing (htmx), and recording the result."""

from __future__ import annotations

from flask import abort, flash, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from portal.core.authz import authorize, get_or_404
from portal.core.htmx import render
from portal.core.lifecycle import changes
from portal.placements import demonstration_assessors as assessors
from portal.placements import demonstrations, steps
from portal.placements.blueprint import bp
from portal.placements.demonstration_forms import DemonstrationForm, ResultForm
from portal.placements.enums import DemonstrationResult
from portal.placements.models import Demonstration, Placement
from portal.placements.policy import may_record_result
from portal.placements.views import load, to_detail
from portal.placements.workflow import Action, allows


def _open_for_planning(placement: Placement) -> None:
    authorize(Action.DEMONSTRATE, placement)
    if not allows(Action.DEMONSTRATE, placement.status):
        raise steps.refuse(Action.DEMONSTRATE, placement.status)


def _demonstration(placement: Placement, demonstration_id: int) -> Demonstration:
    """Through its scope, and of this placement: another placement's id is not found."""
    demonstration = get_or_404(Demonstration, demonstration_id)
    if demonstration.placement_id != placement.id:
        abort(404)
    return demonstration


def _offer_people(
    form: DemonstrationForm, placement: Placement, current: Demonstration | None
) -> None:
    for role in assessors.ROLES:
        form.offer(role, assessors.candidates(current_user, placement, role), current)


def _form_page(
    form: DemonstrationForm, placement: Placement, demonstration: Demonstration | None
) -> ResponseReturnValue:
    return render(
        "placements/demonstration_form.html",
        form=form,
        placement=placement,
        demonstration=demonstration,
        title=_("Change the skills demonstration")
        if demonstration
        else _("Add a skills demonstration"),
        status_code=form.status,
    )


@bp.route("/<int:placement_id>/demonstrations/new", methods=["GET", "POST"])
def add_demonstration(placement_id: int) -> ResponseReturnValue:
    placement = load(placement_id)
    _open_for_planning(placement)
    form = DemonstrationForm(placement)
    _offer_people(form, placement, None)
    if form.validate_on_submit():
        with changes(form, as_page=steps.NOT_FOR_THE_FORM) as change:
            demonstrations.add(current_user, placement, form.details())
        if change.ok:
            flash(
                _("The skills demonstration has been added. The other party has been told."),
                "success",
            )
            return to_detail(placement, "demonstrations")
    return _form_page(form, placement, None)


@bp.route("/<int:placement_id>/demonstrations/<int:demonstration_id>/edit", methods=["GET", "POST"])
def edit_demonstration(placement_id: int, demonstration_id: int) -> ResponseReturnValue:
    placement = load(placement_id)
    _open_for_planning(placement)
    demonstration = _demonstration(placement, demonstration_id)
    if demonstration.is_held:
        # Said at once, not after the form has been filled in.
        raise demonstrations.held_refusal()
    form = DemonstrationForm(placement)
    form.submit.label.text = _("Save the changes")
    _offer_people(form, placement, demonstration)
    if request.method == "GET":
        form.fill_from(demonstration)
    if form.validate_on_submit():
        with changes(form, as_page=steps.NOT_FOR_THE_FORM) as change:
            demonstrations.change(current_user, placement, demonstration, form.details())
        if change.ok:
            flash(
                _("The skills demonstration has been changed. The other party has been told."),
                "success",
            )
            return to_detail(placement, "demonstrations")
    return _form_page(form, placement, demonstration)


@bp.get("/<int:placement_id>/demonstrations/assessors")
def demonstration_assessors(placement_id: int) -> ResponseReturnValue:
    """The people offered for an assessor, narrowed by a search (an htmx fragment)."""
    placement = load(placement_id)
    authorize(Action.DEMONSTRATE, placement)
    role = request.args.get("role", "")
    if role not in assessors.ROLES:
        abort(404)
    # The search box is named after its role, so both can sit in one form.
    search = request.args.get(f"{role}_search", "")[:100]
    found = assessors.candidates(current_user, placement, role, search)
    chosen = request.args.get(role, type=int)
    return render("placements/_people_options.html", people=found, chosen=chosen)


@bp.post("/<int:placement_id>/demonstrations/<int:demonstration_id>/delete")
def remove_demonstration(placement_id: int, demonstration_id: int) -> ResponseReturnValue:
    placement = load(placement_id)
    authorize(Action.DEMONSTRATE, placement)
    demonstration = _demonstration(placement, demonstration_id)
    with changes():
        demonstrations.remove(current_user, placement, demonstration)
    flash(_("The skills demonstration has been removed."), "success")
    return to_detail(placement, "demonstrations")


@bp.route(
    "/<int:placement_id>/demonstrations/<int:demonstration_id>/result", methods=["GET", "POST"]
)
def demonstration_result(placement_id: int, demonstration_id: int) -> ResponseReturnValue:
    placement = load(placement_id)
    authorize(Action.DEMONSTRATE, placement)
    demonstration = _demonstration(placement, demonstration_id)
    if not may_record_result(current_user, placement):
        abort(403)
    refusal = demonstrations.result_refusal(demonstration)
    if request.method == "GET" and refusal is not None:
        raise refusal
    form = ResultForm()
    if form.validate_on_submit():
        with changes(form, as_page=steps.NOT_FOR_THE_FORM) as change:
            demonstrations.record_result(
                current_user,
                placement,
                demonstration,
                DemonstrationResult(form.result.data),
                form.grade.data,
            )
        if change.ok:
            flash(
                _("The result has been recorded. The workshop has been told."),
                "success",
            )
            return to_detail(placement, "demonstrations")
    return render(
        "placements/demonstration_result.html",
        form=form,
        placement=placement,
        demonstration=demonstration,
        status_code=form.status,
    )
