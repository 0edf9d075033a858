"""The per-trainee agreement: one printable page per version, signing and amendments."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from portal.auth.freshness import require_recent_verification
from portal.core.authz import authorize
from portal.core.htmx import render
from portal.core.lifecycle import changes
from portal.placements import access_log, agreements, steps, training
from portal.placements.blueprint import bp
from portal.placements.forms import AMEND_FORMS, fill_from
from portal.placements.models import Placement, PlacementAgreement
from portal.placements.policy import actions_for
from portal.placements.step_forms import SignForm
from portal.placements.terms import Terms
from portal.placements.views import load, offer_people
from portal.placements.workflow import Action, allows


def _version(placement: Placement, number: int | None) -> PlacementAgreement:
    if not placement.agreements:
        abort(404)
    if number is None:
        return placement.agreements[-1]
    found = next((a for a in placement.agreements if a.number == number), None)
    if found is None:
        abort(404)
    return found


def _to_agreement(placement: Placement) -> ResponseReturnValue:
    return redirect(url_for("placements.agreement", placement_id=placement.id), 303)


def _render(
    placement: Placement, version: PlacementAgreement, form: SignForm
) -> ResponseReturnValue:
    latest = placement.latest_agreement
    return render(
        "placements/agreement.html",
        placement=placement,
        version=version,
        terms=agreements.terms_of(version),
        training=training,
        may_amend=Action.AMEND in actions_for(current_user, placement),
        is_latest=version is latest,
        in_force=placement.agreement_in_force,
        can_sign=version is latest and agreements.can_sign(current_user, placement),
        form=form,
        status_code=form.status,
    )


@bp.get("/<int:placement_id>/agreement")
@bp.get("/<int:placement_id>/agreement/<int:number>")
def agreement(placement_id: int, number: int | None = None) -> ResponseReturnValue:
    placement = load(placement_id)
    version = _version(placement, number)
    form = SignForm(version=version.number, title=current_user.title)
    page = _render(placement, version, form)
    access_log.log_view(current_user, placement, access_log.AGREEMENT)
    return page


@bp.post("/<int:placement_id>/agreement/sign")
def sign(placement_id: int) -> ResponseReturnValue:
    placement = load(placement_id)
    authorize(Action.SIGN, placement)
    # A signature binds the party: the signer confirms who they are if their last
    # confirmation is not recent; the agreement's page, where the form was, follows.
    require_recent_verification(
        current_user, back_to=url_for("placements.agreement", placement_id=placement.id)
    )
    form = SignForm()
    if form.validate_on_submit():
        try:
            number = int(form.version.data or 0)
        except ValueError:
            abort(400)
        with changes(form, as_page=steps.NOT_FOR_THE_FORM) as change:
            agreements.sign(current_user, placement, number, form.title.data)
        if change.ok:
            flash(_("Your signature has been recorded."), "success")
            return _to_agreement(placement)
    return _render(placement, _version(placement, None), form)


@bp.route("/<int:placement_id>/amend", methods=["GET", "POST"])
def amend(placement_id: int) -> ResponseReturnValue:
    placement = load(placement_id)
    authorize(Action.AMEND, placement)
    if not allows(Action.AMEND, placement.status):
        raise steps.refuse(Action.AMEND, placement.status)
    form = AMEND_FORMS[placement.direction]()
    latest = placement.latest_agreement
    # Start from the latest proposal, which may differ from the terms in force.
    current = agreements.terms_of(latest) if latest else None
    if request.method == "GET":
        shown = training.place_of_work(placement, current or Terms.of(placement))
        fill_from(form, placement, shown)
    offer_people(form, placement.workshop.id, placement.provider.id, current)
    if form.validate_on_submit():
        with changes(form, as_page=steps.NOT_FOR_THE_FORM) as change:
            version = agreements.amend(current_user, placement, form.terms(), form.reason.data)
        if change.ok:
            flash(
                _("Version %(number)d has been made. Both parties sign it.", number=version.number),
                "success",
            )
            return _to_agreement(placement)
    return render("placements/amend.html", form=form, placement=placement, status_code=form.status)
