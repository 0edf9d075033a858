"""The comment thread, updated in place with htmx."""

from __future__ import annotations

from flask import flash
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from portal.core.authz import authorize
from portal.core.htmx import is_partial, render
from portal.core.lifecycle import changes
from portal.extensions import db
from portal.placements import activity
from portal.placements.blueprint import bp
from portal.placements.step_forms import CommentForm
from portal.placements.views import detail_context, load, to_detail
from portal.placements.workflow import Action


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
