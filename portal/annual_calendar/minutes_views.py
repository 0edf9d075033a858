"""A meeting's follow-up: the minutes, and the action items decided with their states."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from portal.annual_calendar import decisions, service
from portal.annual_calendar.blueprint import bp
from portal.annual_calendar.extension_points import minutes_document_url
from portal.annual_calendar.forms import ActionItemForm, ActionStateForm, MinutesForm
from portal.annual_calendar.models import ActionItem, ActionState
from portal.annual_calendar.policy import RECORD
from portal.annual_calendar.views import detail_context, load_event, to_event
from portal.core.authz import EDIT, authorize, get_or_404
from portal.core.forms import options
from portal.core.htmx import render
from portal.core.lifecycle import changes
from portal.core.security import safe_next


@bp.route("/events/<int:event_id>/minutes", methods=["GET", "POST"])
def minutes(event_id: int) -> ResponseReturnValue:
    event = load_event(event_id)
    authorize(RECORD, event)
    form = (
        MinutesForm(data={"minutes": event.minutes}) if request.method == "GET" else MinutesForm()
    )
    if form.validate_on_submit():
        with changes():
            service.record_minutes(current_user, event, form.minutes.data or "")
        share_url = next(filter(None, minutes_document_url(current_user, event)), None)
        if share_url:
            # The note is a summary; the minutes themselves are a document with its mark.
            flash(_("The note has been saved. Now share the minutes as a document."), "success")
            return redirect(share_url, 303)
        flash(_("The minutes have been saved."), "success")
        return to_event(event)
    return render("annual_calendar/minutes.html", form=form, event=event, status_code=form.status)


@bp.route("/events/<int:event_id>/actions", methods=["POST"])
def add_action(event_id: int) -> ResponseReturnValue:
    event = load_event(event_id)
    authorize(RECORD, event)
    form = ActionItemForm()
    form.owner_id.choices = options(
        [(0, "—")] + [(u.id, u.name) for u in decisions.possible_owners(current_user, event)]
    )
    if form.validate_on_submit():
        with changes(form) as change:
            decisions.add_action_item(
                current_user,
                event,
                title=form.title.data,
                owner_id=form.owner_id.data,
                due_on=form.due_on.data,
            )
        if change.ok:
            flash(_("The action item has been recorded."), "success")
            return redirect(
                url_for("annual_calendar.detail", event_id=event.id) + "#decisions", 303
            )
    return render(
        "annual_calendar/detail.html",
        status_code=form.status,
        **detail_context(event, action_form=form),
    )


@bp.post("/actions/<int:item_id>/state")
def action_state(item_id: int) -> ResponseReturnValue:
    item = get_or_404(ActionItem, item_id)
    authorize(EDIT, item)
    form = ActionStateForm()
    back = safe_next(request.form.get("next")) or url_for(
        "annual_calendar.detail", event_id=item.event_id
    )
    if not form.validate_on_submit():
        abort(400)
    with changes():
        decisions.change_state(
            current_user, item, ActionState(form.state.data), form.note.data or ""
        )
    flash(_("The action item has been updated."), "success")
    return redirect(back, 303)
