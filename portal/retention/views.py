"""The retention settings: a party's coordinator sets the party's periods, the administrator
the limits. Views are thin: the rules are in :mod:`portal.retention.periods`."""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from portal.core.authz import admin_required
from portal.core.htmx import render
from portal.core.lifecycle import changes
from portal.extensions import db
from portal.parties.models import Party
from portal.retention import periods
from portal.retention.blueprint import bp
from portal.retention.forms import limits_form, periods_form


def coordinates(user: object, party_id: int) -> bool:
    return bool(getattr(user, "is_coordinator", False)) and (
        getattr(user, "party_id", None) == party_id
    )


@bp.get("/")
def index() -> ResponseReturnValue:
    """The administrator's limits, or the coordinator's own party's periods."""
    if current_user.is_admin:
        return redirect(url_for("retention.limits"))
    if not current_user.is_coordinator or current_user.party_id is None:
        abort(404)
    return redirect(url_for("retention.party", party_id=current_user.party_id))


@bp.route("/parties/<int:party_id>", methods=["GET", "POST"])
def party(party_id: int) -> ResponseReturnValue:
    """A party's periods, for its own coordinator only: anyone else sees no such page."""
    if not coordinates(current_user, party_id):
        abort(404)
    organisation = db.get_or_404(Party, party_id)
    limits = periods.limits()
    current = periods.years_by_party({party_id})[party_id]
    form = periods_form(limits, current)
    if form.validate_on_submit():
        with changes(form) as change:
            periods.set_party_years(current_user, organisation, form.values())
        if change.ok:
            flash(_("The retention periods have been saved."), "success")
            return redirect(url_for("retention.party", party_id=party_id), 303)
    return render(
        "retention/party.html",
        form=form,
        party=organisation,
        status_code=form.status,
    )


@bp.route("/limits", methods=["GET", "POST"])
@admin_required
def limits() -> ResponseReturnValue:
    form = limits_form(periods.limits())
    if form.validate_on_submit():
        with changes(form) as change:
            periods.set_limits(current_user, form.values())
        if change.ok:
            flash(_("The retention limits have been saved."), "success")
            return redirect(url_for("retention.limits"), 303)
    return render("retention/limits.html", form=form, status_code=form.status)
