"""The administrator sets up a party's organisation sign-in."""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from portal.core.authz import MANAGE, admin_required, authorize, get_or_404
from portal.core.htmx import render
from portal.core.lifecycle import changes
from portal.core.urls import public_url
from portal.identity import service
from portal.identity.blueprint import bp
from portal.identity.forms import ProviderForm
from portal.parties.models import Party


@bp.route("/admin/parties/<int:party_id>/sign-in", methods=["GET", "POST"])
@admin_required
def edit_provider(party_id: int) -> ResponseReturnValue:
    party = get_or_404(Party, party_id)
    authorize(MANAGE, party)
    provider = service.provider_of(party)
    if request.method == "GET" and provider is not None:
        form = ProviderForm(obj=provider, domains="\n".join(provider.domain_list))
    else:
        form = ProviderForm()
    if form.validate_on_submit():
        with changes(form) as change:
            details = service.ProviderDetails(
                issuer=form.issuer.data,
                client_id=form.client_id.data,
                client_secret=form.client_secret.data or "",
                domains=service.parse_domains(form.domains.data),
                password_allowed=form.password_allowed.data,
                mfa_required=form.mfa_required.data,
                mfa_acr_values=form.mfa_acr_values.data or "",
                enabled=form.enabled.data,
            )
            service.save_provider(current_user, party, details)
        if change.ok:
            flash(_("The organisation sign-in has been saved."), "success")
            return redirect(url_for("parties.detail", party_id=party.id), 303)
    return render(
        "identity/admin/provider_form.html",
        form=form,
        party=party,
        provider=provider,
        redirect_uri=public_url("identity.callback"),
        logout_uri=public_url("auth.login"),
        status_code=form.status,
    )
