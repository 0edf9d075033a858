"""The comment thread (updated in place with htmx) and the skills demonstrations."""

from __future__ import annotations

from flask import abort, flash
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from portal.core.authz import authorize, get_or_404
from portal.core.htmx import is_partial, render
from portal.core.lifecycle import changes
from portal.extensions import db
from portal.placements import activity, steps
from portal.placements.blueprint import bp
from portal.placements.models import Demonstration
from portal.placements.step_forms import CommentForm, DemonstrationForm
from portal.placements.views import detail_context, load, to_detail
from portal.placements.workflow import Action, allows


@bp.post("/<int:placement_id>/comments")
def comment(placement_id: int) -> ResponseReturnValue:
    """Post to the thread: htmx gets the thread back, a plain form the page again."""
    placement = load(placement_id)
    authorize(Action.COMMENT, placement)
    form = CommentForm()
    if form.validate_on_submit():
        with changes(form) as change:
            activity.add_comment(current_user, placement, form.body.data)
        if change.ok:
            if not is_partial():
                flash(_("Your comment has been posted."), "success")
                return to_detail(placement, "comments")
            form = CommentForm(formdata=None)
    db.session.expire(placement, ["comments"])
    return render(
        "placements/detail.html",
        block="comments",
        comment_form=form,
        status_code=form.status,
        **detail_context(placement),
    )


@bp.route("/<int:placement_id>/demonstrations/new", methods=["GET", "POST"])
def add_demonstration(placement_id: int) -> ResponseReturnValue:
    placement = load(placement_id)
    authorize(Action.DEMONSTRATE, placement)
    if not allows(Action.DEMONSTRATE, placement.status):
        raise steps.refuse(Action.DEMONSTRATE, placement.status)
    form = DemonstrationForm()
    if form.validate_on_submit():
        with changes(form, as_page=steps.NOT_FOR_THE_FORM) as change:
            activity.add_demonstration(
                current_user,
                placement,
                activity.DemonstrationDetails(
                    qualification_unit=form.qualification_unit.data,
                    held_on=form.held_on.data,
                    place=form.place.data,
                    teacher_assessor=form.teacher_assessor.data or "",
                    working_life_assessor=form.working_life_assessor.data or "",
                ),
            )
        if change.ok:
            flash(_("The skills demonstration has been added."), "success")
            return to_detail(placement, "demonstrations")
    return render(
        "placements/demonstration_form.html",
        form=form,
        placement=placement,
        status_code=form.status,
    )


@bp.post("/<int:placement_id>/demonstrations/<int:demonstration_id>/delete")
def remove_demonstration(placement_id: int, demonstration_id: int) -> ResponseReturnValue:
    placement = load(placement_id)
    authorize(Action.DEMONSTRATE, placement)
    demonstration = get_or_404(Demonstration, demonstration_id)
    if demonstration.placement_id != placement.id:
        abort(404)
    with changes():
        activity.remove_demonstration(current_user, placement, demonstration)
    flash(_("The skills demonstration has been removed."), "success")
    return to_detail(placement, "demonstrations")
