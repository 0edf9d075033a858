"""The workflow's steps, each a page with its form: submit, cancel, accept, decline, start,
complete and interrupt."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import flash, request
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.core.authz import authorize
from portal.core.forms import BaseForm
from portal.core.htmx import render
from portal.core.lifecycle import changes
from portal.placements import service, steps
from portal.placements.blueprint import bp
from portal.placements.labels import ACTION_EXPLANATIONS, ACTION_LABELS
from portal.placements.models import NextStep, Placement
from portal.placements.step_forms import (
    CompleteForm,
    DeclineForm,
    InterruptForm,
    StartForm,
    StepForm,
)
from portal.placements.terms_text import parse_units
from portal.placements.views import load, to_detail
from portal.placements.workflow import Action, allows

DONE = {
    Action.SUBMIT: _l(
        "The request has been submitted. The receiving party's coordinators have been told."
    ),
    Action.CANCEL: _l("The request has been cancelled."),
    Action.ACCEPT: _l(
        "The request has been accepted. Next, both contact persons sign the agreement."
    ),
    Action.DECLINE: _l("The request has been declined."),
    Action.START: _l("The start has been recorded."),
    Action.COMPLETE: _l("The completion and its outcome have been recorded."),
    Action.INTERRUPT: _l("The interruption has been recorded."),
}


def _submit(form: Any, placement: Placement) -> None:
    service.submit(current_user, placement, form.comment.data or "")


def _cancel(form: Any, placement: Placement) -> None:
    service.cancel(current_user, placement, form.comment.data or "")


def _accept(form: Any, placement: Placement) -> None:
    service.accept(current_user, placement, form.comment.data or "")


def _decline(form: Any, placement: Placement) -> None:
    service.decline(current_user, placement, form.reason.data or "")


def _start(form: Any, placement: Placement) -> None:
    service.start(current_user, placement, form.on.data, form.comment.data or "")


def _complete(form: Any, placement: Placement) -> None:
    service.complete(
        current_user,
        placement,
        on=form.on.data,
        completed_unit_ids=form.units.data or [],
        other_units=parse_units(form.other_units.data or ""),
        next_step=NextStep(form.next_step.data),
        note=form.note.data or "",
    )


def _interrupt(form: Any, placement: Placement) -> None:
    service.interrupt(
        current_user,
        placement,
        on=form.on.data,
        reason=form.reason.data or "",
        next_step=NextStep(form.next_step.data),
    )


STEPS: dict[Action, tuple[type[BaseForm], Callable[[Any, Placement], None]]] = {
    Action.SUBMIT: (StepForm, _submit),
    Action.CANCEL: (StepForm, _cancel),
    Action.ACCEPT: (StepForm, _accept),
    Action.DECLINE: (DeclineForm, _decline),
    Action.START: (StartForm, _start),
    Action.COMPLETE: (CompleteForm, _complete),
    Action.INTERRUPT: (InterruptForm, _interrupt),
}


@bp.route(
    "/<int:placement_id>/<any(submit, cancel, accept, decline, start, complete, interrupt):name>",
    methods=["GET", "POST"],
)
def step(placement_id: int, name: str) -> ResponseReturnValue:
    action = Action(name)
    placement = load(placement_id)
    authorize(action, placement)
    if request.method == "GET" and not allows(action, placement.status):
        # Said at once, not after the form has been filled in.
        raise steps.refuse(action, placement.status)
    if request.method == "GET" and action in (Action.COMPLETE, Action.INTERRUPT):
        service.check_nothing_left_hanging(placement)
    form_class, perform = STEPS[action]
    form = form_class()
    if action == Action.COMPLETE:
        form.units.choices = [(u.id, u.label) for u in placement.units]
        if request.method == "GET":
            form.units.data = [u.id for u in placement.units if u.completed]
    if isinstance(form, StepForm):
        form.submit.label.text = ACTION_LABELS[action]
    if form.validate_on_submit():
        with changes(form, as_page=steps.NOT_FOR_THE_FORM) as change:
            perform(form, placement)
        if change.ok:
            flash(DONE[action], "success")
            return to_detail(placement)
    return render(
        "placements/step.html",
        form=form,
        placement=placement,
        action=action,
        explanation=ACTION_EXPLANATIONS.get(action),
        status_code=form.status,
    )
