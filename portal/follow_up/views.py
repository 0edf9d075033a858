"""Answering a follow-up, and the list of the follow-ups due."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import joinedload

from portal.core.authz import authorize, get_or_404
from portal.core.htmx import render
from portal.core.lifecycle import changes
from portal.core.pagination import paginate
from portal.follow_up import queries, service, workflow
from portal.follow_up.blueprint import bp
from portal.follow_up.enums import Checkpoint, Source
from portal.follow_up.forms import AnswerForm, AskForm
from portal.follow_up.models import FollowUp
from portal.follow_up.policy import ANSWER
from portal.placements.enums import NextStep
from portal.placements.models import Placement


@bp.get("/")
def index() -> ResponseReturnValue:
    """The follow-ups due: those asked of me, or all of those I see."""
    everyone = request.args.get("who") == "all"
    page = paginate(queries.due(current_user, everyone=everyone))
    return render("follow_up/index.html", block="results", page=page, everyone=everyone)


def _load(follow_up_id: int) -> FollowUp:
    """The follow-up through its scope (404 for anyone who does not see its placement)."""
    follow_up = get_or_404(
        FollowUp,
        follow_up_id,
        options=[
            joinedload(FollowUp.placement).joinedload(Placement.sender),
            joinedload(FollowUp.placement).joinedload(Placement.receiver),
            joinedload(FollowUp.asked),
        ],
    )
    authorize(ANSWER, follow_up)
    return follow_up


def _ask_form(follow_up: FollowUp) -> AskForm | None:
    """The form to ask someone else, while the follow-up waits for its answer."""
    if follow_up.checkpoint == Checkpoint.END:
        return None
    if not workflow.allows(workflow.Action.ASK, follow_up):
        return None
    form = AskForm(prefix="ask")
    form.person.choices = [
        (p.id, p.name) for p in service.askable(follow_up.placement) if p.id != follow_up.asked_id
    ]
    return form if form.person.choices else None


def _page(
    follow_up: FollowUp, form: AnswerForm, ask_form: AskForm | None, status: int
) -> ResponseReturnValue:
    return render(
        "follow_up/answer.html",
        form=form,
        ask_form=ask_form,
        follow_up=follow_up,
        placement=follow_up.placement,
        is_end=follow_up.checkpoint == Checkpoint.END,
        status_code=status,
    )


@bp.post("/<int:follow_up_id>/ask")
def ask(follow_up_id: int) -> ResponseReturnValue:
    follow_up = _load(follow_up_id)
    ask_form = _ask_form(follow_up)
    if ask_form is None:
        abort(404)
    if ask_form.validate_on_submit():
        with changes(ask_form) as change:
            person = service.ask(current_user, follow_up, ask_form.person.data)
        if change.ok:
            flash(_("The follow-up is now asked of %(name)s.", name=person.name), "success")
            return redirect(url_for("follow_up.answer", follow_up_id=follow_up.id), 303)
    return _page(follow_up, AnswerForm(formdata=None), ask_form, ask_form.status)


@bp.route("/<int:follow_up_id>", methods=["GET", "POST"])
def answer(follow_up_id: int) -> ResponseReturnValue:
    follow_up = _load(follow_up_id)
    form = AnswerForm()
    if request.method == "GET" and follow_up.answered:
        form.situation.data = follow_up.situation.value if follow_up.situation else None
        form.qualification.data = follow_up.qualification
        form.source.data = follow_up.source.value if follow_up.source else ""
    if form.validate_on_submit():
        with changes(form) as change:
            service.answer(
                current_user,
                follow_up,
                service.Answer(
                    situation=NextStep(form.situation.data),
                    source=Source(form.source.data),
                    qualification=form.qualification.data or "",
                ),
            )
        if change.ok:
            flash(_("The answer has been saved."), "success")
            return redirect(
                url_for(
                    "placements.detail", placement_id=follow_up.placement_id, _anchor="follow-up"
                ),
                303,
            )
    return _page(follow_up, form, _ask_form(follow_up), form.status)
