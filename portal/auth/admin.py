"""The administrator's account management: create, edit, deactivate and invite.

Every change to people asks the administrator for a recent confirmation of who they are
(portal.auth.freshness); the form pages ask before anything is typed.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload
from wtforms import SelectChoice

from portal.auth import accounts
from portal.auth.blueprint import admin_bp as bp
from portal.auth.forms import AccountForm
from portal.auth.freshness import needs_recent_verification
from portal.auth.labels import ROLE_LABELS
from portal.auth.models import Role, User
from portal.core.authz import admin_required, get_or_404, visible
from portal.core.forms import options
from portal.core.htmx import render
from portal.core.lifecycle import changes
from portal.core.pagination import paginate
from portal.core.params import id_arg
from portal.extensions import db
from portal.parties.models import Party, Unit


def _fill_choices(form: AccountForm) -> None:
    parties = db.session.scalars(sa.select(Party).order_by(Party.name)).all()
    form.party_id.choices = options(
        [(0, _("No party (portal administrator)"))] + [(p.id, p.name) for p in parties]
    )
    units = db.session.scalars(
        sa.select(Unit)
        .join(Party)
        .order_by(Party.name, Unit.name)
        .options(selectinload(Unit.party))
    ).all()
    form.unit_id.choices = [SelectChoice(0, _("The whole party"))] + [
        SelectChoice(u.id, u.name, optgroup=u.party.name) for u in units
    ]


def _details(form: AccountForm) -> accounts.AccountDetails:
    return accounts.AccountDetails(
        email=form.email.data,
        name=form.name.data,
        title=form.title.data or "",
        phone=form.phone.data or "",
        role=Role(form.role.data),
        party=db.session.get(Party, form.party_id.data) if form.party_id.data else None,
        unit=db.session.get(Unit, form.unit_id.data) if form.unit_id.data else None,
    )


@bp.get("/")
@admin_required
def index() -> ResponseReturnValue:
    query = request.args.get("q", "").strip()
    role = request.args.get("role", "")
    party_id = id_arg("party")
    stmt = visible(User).options(selectinload(User.party)).order_by(User.name)
    if query:
        pattern = f"%{query.lower()}%"
        stmt = stmt.where(sa.or_(sa.func.lower(User.name).like(pattern), User.email.like(pattern)))
    if role in Role.__members__.values():
        stmt = stmt.where(User.role == Role(role))
    if party_id:
        stmt = stmt.where(User.party_id == party_id)
    page = paginate(stmt)
    parties = db.session.scalars(sa.select(Party).order_by(Party.name)).all()
    return render(
        "auth/admin/index.html",
        block="results",
        page=page,
        query=query,
        role=role,
        party_id=party_id,
        parties=parties,
        role_labels=ROLE_LABELS,
    )


@bp.route("/new", methods=["GET", "POST"])
@admin_required
@needs_recent_verification
def create() -> ResponseReturnValue:
    form = AccountForm()
    _fill_choices(form)
    chosen_party = id_arg("party")
    if request.method == "GET" and chosen_party is not None:
        form.party_id.data = chosen_party
    if form.validate_on_submit():
        with changes(form) as change:
            user = accounts.create_account(current_user, _details(form))
            if form.send_invitation.data:
                accounts.invite(current_user, user)
        if change.ok:
            flash(_("The account of %(name)s has been created.", name=user.name), "success")
            return redirect(url_for("accounts.edit", user_id=user.id), 303)
    return render("auth/admin/form.html", form=form, user=None, status_code=form.status)


@bp.route("/<int:user_id>/edit", methods=["GET", "POST"])
@admin_required
@needs_recent_verification
def edit(user_id: int) -> ResponseReturnValue:
    user = get_or_404(User, user_id)
    form = (
        AccountForm(obj=user)
        if request.method == "POST"
        else AccountForm(
            data={
                "name": user.name,
                "email": user.email,
                "title": user.title,
                "phone": user.phone,
                "party_id": user.party_id or 0,
                "role": user.role.value,
                "unit_id": user.unit_id or 0,
                "active": user.active,
            }
        )
    )
    _fill_choices(form)
    if form.validate_on_submit():
        with changes(form) as change:
            told = accounts.update_account(
                current_user, user, _details(form), active=form.active.data
            )
        if change.ok:
            if told:
                flash(
                    _(
                        "The account has been saved. The person and their party's coordinators "
                        "have been told of the changes by e-mail."
                    ),
                    "success",
                )
            else:
                flash(_("The account has been saved."), "success")
            return redirect(url_for("accounts.edit", user_id=user.id), 303)
    return render("auth/admin/form.html", form=form, user=user, status_code=form.status)


@bp.post("/<int:user_id>/invite")
@admin_required
@needs_recent_verification
def send_invitation(user_id: int) -> ResponseReturnValue:
    user = get_or_404(User, user_id)
    with changes():
        accounts.invite(current_user, user)
    flash(_("An invitation has been sent to %(email)s.", email=user.email), "success")
    return redirect(url_for("accounts.edit", user_id=user.id), 303)
