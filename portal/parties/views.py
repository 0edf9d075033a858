"""The directory ("one-stop shop"), a party's page and the agreement: for everyone signed in."""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from portal.auth.models import Role, User
from portal.core.authz import authorize, get_or_404
from portal.core.htmx import render
from portal.core.lifecycle import changes
from portal.core.pagination import paginate
from portal.extensions import db
from portal.parties import service
from portal.parties.blueprint import bp
from portal.parties.forms import NeedToKnowForm
from portal.parties.labels import PARTY_KIND_LABELS, UNIT_KIND_LABELS
from portal.parties.models import Party, PartyKind
from portal.parties.policy import CHOOSE_NEED_TO_KNOW


@bp.get("/directory")
def directory() -> ResponseReturnValue:
    query = request.args.get("q", "").strip()[:100]
    kind_value = request.args.get("kind", "")
    kind = PartyKind(kind_value) if kind_value in PartyKind.__members__.values() else None
    page = paginate(service.directory(query, kind).options(selectinload(Party.units)))
    return render(
        "parties/directory.html",
        block="results",
        page=page,
        coordinators=service.listed_coordinators(page.items),
        query=query,
        kind=kind,
        kind_labels=PARTY_KIND_LABELS,
        unit_labels=UNIT_KIND_LABELS,
        coordinator=Role.COORDINATOR,
    )


@bp.get("/parties/<int:party_id>")
def detail(party_id: int) -> ResponseReturnValue:
    party = get_or_404(
        Party,
        party_id,
        options=[
            selectinload(Party.units),
            selectinload(Party.users).selectinload(User.unit),
            selectinload(Party.signatures),
        ],
    )
    agreement = service.current_agreement()
    signature = next(
        (s for s in party.signatures if agreement and s.agreement_id == agreement.id), None
    )
    return render(
        "parties/detail.html",
        party=party,
        need_to_know=NeedToKnowForm(obj=party),
        signature=signature,
        kind_labels=PARTY_KIND_LABELS,
        unit_labels=UNIT_KIND_LABELS,
        coordinator=Role.COORDINATOR,
    )


@bp.get("/agreement")
def agreement() -> ResponseReturnValue:
    current = service.current_agreement()
    parties = list(db.session.scalars(service.directory()))
    signatures = {s.party_id: s for s in current.signatures} if current else {}
    return render(
        "parties/agreement.html",
        agreement=current,
        agreement_state=service.agreement_status(current),
        parties=[p for p in parties if p.is_party],
        supporting=[p for p in parties if not p.is_party],
        signatures=signatures,
        kind_labels=PARTY_KIND_LABELS,
    )


@bp.post("/parties/<int:party_id>/need-to-know")
def need_to_know(party_id: int) -> ResponseReturnValue:
    """A party's coordinator chooses whether its staff see their unit's placements."""
    party = get_or_404(Party, party_id)
    authorize(CHOOSE_NEED_TO_KNOW, party)
    form = NeedToKnowForm()
    if form.validate_on_submit():
        with changes():
            party.staff_see_unit_placements = bool(form.staff_see_unit_placements.data)
        flash(_("The choice has been saved."), "success")
    return redirect(url_for("parties.detail", party_id=party.id, _anchor="need-to-know"), 303)
