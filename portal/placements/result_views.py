"""Recording a qualification unit completed: a page with its form, for the education
provider's people (the rules are in :mod:`portal.placements.results`)."""

from __future__ import annotations

from flask import abort, flash
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import DateField, SubmitField
from wtforms.validators import InputRequired

from portal.core.authz import authorize
from portal.core.dates import today
from portal.core.forms import BaseForm
from portal.core.htmx import render
from portal.core.lifecycle import changes
from portal.placements import results, steps
from portal.placements.blueprint import bp
from portal.placements.views import load, to_detail
from portal.placements.workflow import Action, allows


class CompletionForm(BaseForm):
    on = DateField(
        _l("Date the unit was completed"),
        validators=[InputRequired(_l("Enter a date."))],
        default=today,
        description=_l("The day the student completed the unit, during or after the period."),
    )
    submit = SubmitField(_l("Record as completed"))


@bp.route("/<int:placement_id>/units/<int:unit_id>/completion", methods=["GET", "POST"])
def record_completion(placement_id: int, unit_id: int) -> ResponseReturnValue:
    placement = load(placement_id)
    # Only the placement's own units: another placement's id is not found here.
    unit = next((u for u in placement.units if u.id == unit_id), None)
    if unit is None:
        abort(404)
    authorize(Action.RECORD_UNIT, placement)
    if not allows(Action.RECORD_UNIT, placement.status):
        raise steps.refuse(Action.RECORD_UNIT, placement.status)
    form = CompletionForm()
    if form.validate_on_submit():
        with changes(form, as_page=steps.NOT_FOR_THE_FORM) as change:
            due = results.record_completion(current_user, placement, unit, form.on.data)
        if change.ok:
            flash(
                _("The unit has been recorded completed. The result bonus is due.")
                if due
                else _("The unit has been recorded completed."),
                "success",
            )
            return to_detail(placement, "units")
    return render(
        "placements/completion_form.html",
        form=form,
        placement=placement,
        unit=unit,
        window=results.bonus_window(placement),
        status_code=form.status,
    )
