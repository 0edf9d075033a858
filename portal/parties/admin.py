"""The administrator's changes to parties, units, signatures, withdrawals and the agreement."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from portal.core.authz import MANAGE, admin_required, authorize, get_or_404
from portal.core.htmx import render
from portal.core.lifecycle import changes
from portal.extensions import csrf
from portal.parties import service
from portal.parties.blueprint import bp
from portal.parties.extension_points import notice_filing
from portal.parties.forms import AgreementForm, PartyForm, SignatureForm, UnitForm, WithdrawalForm
from portal.parties.models import Party, PartyKind, Unit, UnitKind


def _to_party(party_id: int) -> ResponseReturnValue:
    return redirect(url_for("parties.detail", party_id=party_id), 303)


def _party_details(form: PartyForm) -> service.PartyDetails:
    return service.PartyDetails(
        name=form.name.data,
        kind=PartyKind(form.kind.data),
        business_id=form.business_id.data,
        signatory_name=form.signatory_name.data or "",
        signatory_title=form.signatory_title.data or "",
        locality=form.locality.data or "",
        website=form.website.data or "",
        privacy_contact=form.privacy_contact.data or "",
        description=form.description.data or "",
        is_founding=form.is_founding.data,
        joined_on=form.joined_on.data,
    )


@bp.route("/admin/parties/new", methods=["GET", "POST"])
@admin_required
def create_party() -> ResponseReturnValue:
    return _party_form(PartyForm(), None)


@bp.route("/admin/parties/<int:party_id>/edit", methods=["GET", "POST"])
@admin_required
def edit_party(party_id: int) -> ResponseReturnValue:
    party = get_or_404(Party, party_id)
    authorize(MANAGE, party)
    form = PartyForm(obj=party, kind=party.kind.value) if request.method == "GET" else PartyForm()
    return _party_form(form, party)


def _party_form(form: PartyForm, party: Party | None) -> ResponseReturnValue:
    """The party's form: a new party, or ``party``'s details changed."""
    if form.validate_on_submit():
        with changes(form) as change:
            if party is None:
                saved = service.create_party(current_user, _party_details(form))
            else:
                saved = party
                service.update_party(current_user, party, _party_details(form))
        if change.ok:
            if party is None:
                flash(_("%(name)s has been added.", name=saved.name), "success")
            else:
                flash(_("The party's details have been saved."), "success")
            return _to_party(saved.id)
    return render("parties/admin/party_form.html", form=form, party=party, status_code=form.status)


@bp.route("/admin/parties/<int:party_id>/units/new", methods=["GET", "POST"])
@bp.route("/admin/parties/<int:party_id>/units/<int:unit_id>/edit", methods=["GET", "POST"])
@admin_required
def edit_unit(party_id: int, unit_id: int | None = None) -> ResponseReturnValue:
    party = get_or_404(Party, party_id)
    authorize(MANAGE, party)
    unit = None
    if unit_id is not None:
        unit = get_or_404(Unit, unit_id)
        if unit.party_id != party.id:
            abort(404)
    if request.method == "GET" and unit is not None:
        form = UnitForm(obj=unit, kind=unit.kind.value)
    else:
        form = UnitForm()
    if form.validate_on_submit():
        with changes(form) as change:
            service.save_unit(
                current_user,
                party,
                unit,
                kind=UnitKind(form.kind.data),
                name=form.name.data,
                locality=form.locality.data or "",
                address=form.address.data or "",
            )
        if change.ok:
            flash(_("The unit has been saved."), "success")
            return _to_party(party.id)
    return render(
        "parties/admin/unit_form.html", form=form, party=party, unit=unit, status_code=form.status
    )


@bp.route("/admin/parties/<int:party_id>/signature", methods=["GET", "POST"])
@admin_required
def record_signature(party_id: int) -> ResponseReturnValue:
    party = get_or_404(Party, party_id)
    authorize(MANAGE, party)
    form = SignatureForm()
    if request.method == "GET":
        form.signer_name.data = party.signatory_name
        form.signer_title.data = party.signatory_title
    if form.validate_on_submit():
        with changes(form) as change:
            service.record_signature(
                current_user,
                party,
                signer_name=form.signer_name.data,
                signer_title=form.signer_title.data,
                place=form.place.data,
                signed_on=form.signed_on.data,
            )
        if change.ok:
            flash(_("The signature has been recorded."), "success")
            return _to_party(party.id)
    return render(
        "parties/admin/signature_form.html", form=form, party=party, status_code=form.status
    )


def _withdrawal_page(form: WithdrawalForm, party: Party) -> ResponseReturnValue:
    return render(
        "parties/admin/withdrawal_form.html",
        form=form,
        party=party,
        file_hint=notice_filing().file_hint(),
        status_code=form.status,
    )


@bp.route("/admin/parties/<int:party_id>/withdraw", methods=["GET", "POST"])
@admin_required
@csrf.exempt  # the form streams its file; notice_filing checks the token before storing it
def withdraw(party_id: int) -> ResponseReturnValue:
    party = get_or_404(Party, party_id)
    authorize(MANAGE, party)
    if request.method == "GET":
        return _withdrawal_page(WithdrawalForm(formdata=None), party)
    notices = notice_filing()
    parsed = notices.parse()
    with notices.kept_or_removed(parsed):
        form = WithdrawalForm(formdata=parsed.fields)
        valid = form.validate()
        file_error = notices.file_error(parsed)
        if valid and file_error is None:
            with parsed.changes(form) as change:
                service.withdraw(
                    current_user, party, on=form.withdrawn_on.data, notice=form.notice.data
                )
                if parsed.file is not None:
                    notices.file_notice(current_user, party, parsed)
            if change.ok:
                if parsed.file is not None:
                    flash(
                        _(
                            "The withdrawal has been recorded, and its written notice filed as "
                            "an internal document of %(party)s.",
                            party=party.name,
                        ),
                        "success",
                    )
                else:
                    flash(_("The withdrawal has been recorded."), "success")
                return _to_party(party.id)
        notices.refuse(form, parsed, file_error)
        return _withdrawal_page(form, party)


@bp.route("/admin/agreement", methods=["GET", "POST"])
@admin_required
def edit_agreement() -> ResponseReturnValue:
    agreement = service.current_agreement()
    form = AgreementForm(obj=agreement) if request.method == "GET" else AgreementForm()
    if form.validate_on_submit():
        with changes():
            service.save_agreement(current_user, form.title.data, form.summary.data or "")
        flash(_("The agreement has been saved."), "success")
        return redirect(url_for("parties.agreement"), 303)
    return render("parties/admin/agreement_form.html", form=form, status_code=form.status)
