"""The team of a placement, the young person's consent, and *My trainees / My students*."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload

from portal.core.authz import authorize, visible
from portal.core.htmx import render
from portal.core.lifecycle import changes
from portal.core.pagination import paginate
from portal.parties.models import PartyKind
from portal.placements import team
from portal.placements.blueprint import bp
from portal.placements.extension_points import consent_documents, waiting_for
from portal.placements.models import Placement
from portal.placements.policy import (
    KEEP_CONSENT,
    KEEP_TEAM,
    membership,
    sees,
    team_placement_ids,
)
from portal.placements.team_forms import ConsentForm, TeamMemberForm, WithdrawConsentForm
from portal.placements.team_models import ConsentManner
from portal.placements.views import load, to_detail


def _offer_people(form: TeamMemberForm, placement: Placement) -> None:
    parties = team.team_parties(placement)
    form.party.choices = [(p.id, p.name) for p in parties]
    # A search or a change of party asks again with GET, the form's values in the address.
    asked = form.party.data if request.method == "POST" else request.args.get("party", type=int)
    party_id = asked if asked in {p.id for p in parties} else parties[0].id
    form.party.data = party_id
    people = team.candidates(placement, party_id, request.values.get("search", "")[:100])
    form.person.choices = [("", _("Choose a person"))] + [
        (p.id, f"{p.name}, {p.title}" if p.title else p.name) for p in people
    ]


@bp.route("/<int:placement_id>/team/add", methods=["GET", "POST"])
def add_team_member(placement_id: int) -> ResponseReturnValue:
    placement = load(placement_id)
    authorize(KEEP_TEAM, placement)
    form = TeamMemberForm()
    _offer_people(form, placement)
    if form.validate_on_submit():
        with changes(form) as change:
            team.add_member(current_user, placement, form.person.data, form.chosen_role())
        if change.ok:
            flash(_("The person has been added to the team."), "success")
            return to_detail(placement, "team")
    return render(
        "placements/team_form.html",
        block="people",
        form=form,
        placement=placement,
        status_code=form.status,
    )


@bp.post("/<int:placement_id>/team/<int:member_id>/remove")
def remove_team_member(placement_id: int, member_id: int) -> ResponseReturnValue:
    placement = load(placement_id)
    authorize(KEEP_TEAM, placement)
    with changes():
        team.remove_member(current_user, placement, member_id)
    flash(_("The person has been removed from the team."), "success")
    if not sees(current_user, placement):
        # Whoever takes themselves off the team may no longer see the placement.
        return redirect(url_for("placements.mine"), 303)
    return to_detail(placement, "team")


@bp.route("/<int:placement_id>/consent/new", methods=["GET", "POST"])
def record_consent(placement_id: int) -> ResponseReturnValue:
    placement = load(placement_id)
    authorize(KEEP_TEAM, placement)
    form = ConsentForm()
    form.parties.choices = [(p.id, p.name) for p in team.consent_parties(placement)]
    documents = consent_documents().documents(current_user, placement)
    form.document.choices = [("", _("Not chosen"))] + [(i, title) for i, title in documents]
    if request.method == "GET":
        form.parties.data = [placement.sender_party_id, placement.receiver_party_id]
    if form.validate_on_submit():
        with changes(form) as change:
            team.record_consent(
                current_user,
                placement,
                team.ConsentDetails(
                    information=form.information.data or "",
                    purpose=form.purpose.data or "",
                    given_on=form.given_on.data,
                    valid_until=form.valid_until.data,
                    manner=form.chosen_manner(),
                    party_ids=list(form.parties.data or []),
                    document_id=form.document.data,
                    noted_by=form.noted_by.data or "",
                ),
            )
        if change.ok:
            flash(_("The consent has been recorded."), "success")
            return to_detail(placement, "consent")
    return render(
        "placements/consent_form.html",
        form=form,
        placement=placement,
        has_documents=bool(documents),
        Manner=ConsentManner,
        status_code=form.status,
    )


@bp.route("/<int:placement_id>/consent/<int:consent_id>/withdraw", methods=["GET", "POST"])
def withdraw_consent(placement_id: int, consent_id: int) -> ResponseReturnValue:
    placement = load(placement_id)
    authorize(KEEP_CONSENT, placement)
    consent = next((c for c in placement.consents if c.id == consent_id), None)
    if consent is None:
        abort(404)
    form = WithdrawConsentForm()
    if form.validate_on_submit():
        with changes(form) as change:
            team.withdraw_consent(current_user, placement, consent_id, form.reason.data or "")
        if change.ok:
            flash(_("The consent has been withdrawn."), "success")
            return to_detail(placement, "consent")
    return render(
        "placements/consent_withdraw.html",
        form=form,
        placement=placement,
        consent=consent,
        status_code=form.status,
    )


@bp.get("/mine")
def mine() -> ResponseReturnValue:
    """The placements whose team I am on, and what each waits for from me."""
    stmt = (
        visible(Placement)
        .where(Placement.id.in_(team_placement_ids(current_user)))
        .options(
            selectinload(Placement.sender),
            selectinload(Placement.receiver),
            selectinload(Placement.team),
            selectinload(Placement.consents),
        )
        .order_by(Placement.start_on.desc(), Placement.id.desc())
    )
    page = paginate(stmt)
    party = current_user.party
    students = party is not None and party.kind == PartyKind.EDUCATION_PROVIDER
    waiting = {p.id: team.waiting_for(current_user, p) for p in page.items}
    # What the packages above add, asked once for the whole page.
    for more in waiting_for(current_user, list(page.items)):
        for placement_id, items in more.items():
            waiting.setdefault(placement_id, []).extend(items)
    return render(
        "placements/mine.html",
        block="results",
        page=page,
        students=students,
        waiting=waiting,
        roles={p.id: membership(current_user, p) for p in page.items},
    )
