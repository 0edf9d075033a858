"""The hand-over's pages: recording it, the receiver's confirmation and calling it off."""

from __future__ import annotations

from flask import abort, flash, request
from flask.typing import ResponseReturnValue
from flask_babel import LazyString
from flask_babel import gettext as _
from flask_login import current_user

from portal.core.authz import authorize, get_or_404
from portal.core.htmx import render
from portal.core.lifecycle import changes
from portal.handovers import service
from portal.handovers.blueprint import bp
from portal.handovers.forms import CallOffForm, HandoverForm
from portal.handovers.models import Handover
from portal.handovers.policy import CALL_OFF, CONFIRM
from portal.placements.models import Placement
from portal.placements.policy import KEEP_TEAM
from portal.placements.views import load, to_detail

NOT_FOR_THE_FORM = service.NOT_FOR_THE_FORM


def _load(placement_id: int, handover_id: int) -> tuple[Placement, Handover]:
    """The placement through its scope, and its hand-over (404 for another's)."""
    placement = load(placement_id)
    handover = get_or_404(Handover, handover_id)
    if handover.placement_id != placement.id:
        abort(404)
    return placement, handover


def _offer_people(form: HandoverForm, placement: Placement) -> LazyString | None:
    """Fill the form's parties and the chosen party's people; say at once if the young
    person's consent does not let that party's people receive them."""
    parties = service.receiving_parties(placement)
    form.party.choices = [(p.id, p.name) for p in parties]
    # A search or a change of party asks again with GET, the form's values in the address.
    asked = form.party.data if request.method == "POST" else request.args.get("party", type=int)
    by_id = {p.id: p for p in parties}
    party = by_id.get(asked or 0) or parties[0]
    form.party.data = party.id
    people = service.candidates(placement, party, request.values.get("search", "")[:100])
    form.person.choices = [("", _("Choose a person"))] + [
        (p.id, f"{p.name}, {p.title}" if p.title else p.name) for p in people
    ]
    return service.consent_missing(placement, party)


@bp.route("/<int:placement_id>/handover/new", methods=["GET", "POST"])
def record(placement_id: int) -> ResponseReturnValue:
    placement = load(placement_id)
    authorize(KEEP_TEAM, placement)
    # Said at once, not after the form has been filled in.
    service.check_recordable(current_user, placement)
    form = HandoverForm()
    consent_note = _offer_people(form, placement)
    if form.validate_on_submit():
        with changes(form, as_page=NOT_FOR_THE_FORM) as change:
            service.record(
                current_user,
                placement,
                service.HandoverDetails(
                    service=form.chosen_service(),
                    party_id=form.party.data,
                    person_id=form.person.data,
                    meeting_on=form.meeting_on.data,
                    start_time=form.start_time.data,
                    end_time=form.end_time.data,
                    place=form.place.data or "",
                ),
            )
        if change.ok:
            flash(
                _(
                    "The hand-over has been recorded and its meeting added to the annual "
                    "calendar. The receiver has been told."
                ),
                "success",
            )
            return to_detail(placement, "handover")
    return render(
        "handovers/form.html",
        block="people",
        form=form,
        placement=placement,
        consent_note=consent_note,
        status_code=form.status,
    )


@bp.post("/<int:placement_id>/handovers/<int:handover_id>/confirm")
def confirm(placement_id: int, handover_id: int) -> ResponseReturnValue:
    placement, handover = _load(placement_id, handover_id)
    authorize(CONFIRM, handover)
    with changes():
        service.confirm(current_user, handover)
    flash(_("You have confirmed that you have the young person. Thank you."), "success")
    return to_detail(placement, "handover")


@bp.route("/<int:placement_id>/handovers/<int:handover_id>/call-off", methods=["GET", "POST"])
def call_off(placement_id: int, handover_id: int) -> ResponseReturnValue:
    placement, handover = _load(placement_id, handover_id)
    authorize(CALL_OFF, handover)
    service.check_open(handover)
    form = CallOffForm()
    if form.validate_on_submit():
        with changes(form, as_page=NOT_FOR_THE_FORM) as change:
            service.call_off(current_user, handover, form.reason.data or "")
        if change.ok:
            flash(_("The hand-over has been called off and its meeting cancelled."), "success")
            return to_detail(placement, "handover")
    return render(
        "handovers/call_off.html",
        form=form,
        placement=placement,
        handover=handover,
        status_code=form.status,
    )
