"""Quota pages: the list, the overview by month, a new quota, its edit and its page."""

from __future__ import annotations

from datetime import date, datetime

from flask import abort, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from portal.auth.models import User
from portal.core import dates
from portal.core.authz import MANAGE, VIEW, authorize, get_or_404
from portal.core.errors import DomainError
from portal.core.htmx import render
from portal.core.i18n import current_language
from portal.core.lifecycle import changes
from portal.core.pagination import paginate
from portal.core.params import clamp_date
from portal.extensions import db
from portal.parties.models import Party, PartyKind, Unit
from portal.quotas import charts, queries, service
from portal.quotas.blueprint import bp
from portal.quotas.forms import QuotaForm
from portal.quotas.models import Quota
from portal.quotas.occupancy import occupancy
from portal.quotas.page import detail_context
from portal.quotas.policy import may_reserve


def takes_part(user: User) -> bool:
    """Is the user's party one that reserves or fills quota places?"""
    party = user.party
    return party is not None and party.kind in (
        PartyKind.WORKSHOP,
        PartyKind.EDUCATION_PROVIDER,
    )


def load(quota_id: int) -> Quota:
    """The quota through the user's scope (404 for anyone but its two parties)."""
    quota = get_or_404(Quota, quota_id, options=queries.with_places())
    authorize(VIEW, quota)
    return quota


def to_detail(quota: Quota, anchor: str | None = None) -> ResponseReturnValue:
    return redirect(url_for("quotas.detail", quota_id=quota.id, _anchor=anchor), 303)


@bp.get("/")
def index() -> ResponseReturnValue:
    if not takes_part(current_user):
        abort(404)
    page = paginate(queries.listing(current_user))
    return render(
        "quotas/index.html",
        page=page,
        figures={quota.id: occupancy(quota) for quota in page.items},
        may_reserve=may_reserve(current_user) and bool(service.units_for(current_user)),
        today=dates.today(),
    )


def _first_month(value: str | None) -> date:
    """The month ``YYYY-MM`` of the address, or the current one."""
    try:
        chosen = datetime.strptime(value or "", "%Y-%m").date()
    except ValueError:
        chosen = dates.today()
    # Within the years the portal shows, so that the chart's earlier/later months exist.
    return clamp_date(chosen.replace(day=1))


@bp.get("/overview")
def overview() -> ResponseReturnValue:
    if not takes_part(current_user):
        abort(404)
    first = _first_month(request.args.get("from"))
    chart = charts.overview(
        queries.touching(current_user, charts.window(first)),
        current_user.party_id,
        first,
        current_language(),
    )
    return render(
        "quotas/overview.html",
        block="overview",
        chart=chart,
        earlier=charts.month_start_after(first, -charts.MONTHS).strftime("%Y-%m"),
        later=charts.month_start_after(first, charts.MONTHS).strftime("%Y-%m"),
        this_month=dates.today().replace(day=1).strftime("%Y-%m"),
        is_workshop=current_user.party.kind == PartyKind.WORKSHOP,
    )


def _form_choices(form: QuotaForm, quota: Quota | None) -> None:
    units = service.units_for(current_user)
    if quota is not None and quota.unit not in units:
        units.append(quota.unit)
    form.unit.choices = [(u.id, u.name) for u in units]
    if quota is None:
        form.provider.choices = [(p.id, p.name) for p in service.providers()]
    else:
        # The places stay reserved for the same provider.
        del form.provider


def _details(form: QuotaForm, quota: Quota | None = None) -> service.QuotaDetails:
    unit = db.session.get(Unit, form.unit.data)
    provider = quota.provider if quota else db.session.get(Party, form.provider.data)
    if unit is None or provider is None:
        abort(400)
    return service.QuotaDetails(
        unit=unit,
        provider=provider,
        field_name=form.field_name.data,
        start_on=form.start_on.data,
        end_on=form.end_on.data,
        places=form.places.data,
        reply_by=form.reply_by.data,
        note=form.note.data or "",
    )


@bp.route("/new", methods=["GET", "POST"])
def create() -> ResponseReturnValue:
    if not may_reserve(current_user):
        abort(403)
    if not current_user.party.is_active:
        raise DomainError(
            _(
                "%(party)s has withdrawn from the agreement: it finishes what is ongoing but "
                "starts nothing new.",
                party=current_user.party.name,
            )
        )
    form = QuotaForm()
    _form_choices(form, None)
    if form.validate_on_submit():
        with changes(form) as change:
            quota = service.create_quota(current_user, _details(form))
        if change.ok:
            flash(
                _(
                    "The places have been reserved and %(party)s has been told.",
                    party=quota.provider.name,
                ),
                "success",
            )
            return to_detail(quota)
    return render("quotas/form.html", form=form, quota=None, status_code=form.status)


@bp.route("/<int:quota_id>/edit", methods=["GET", "POST"])
def edit(quota_id: int) -> ResponseReturnValue:
    quota = load(quota_id)
    authorize(MANAGE, quota)
    if request.method == "GET":
        form = QuotaForm(obj=quota, unit=quota.unit_id)
    else:
        form = QuotaForm()
    _form_choices(form, quota)
    if form.validate_on_submit():
        with changes(form) as change:
            service.update_quota(current_user, quota, _details(form, quota))
        if change.ok:
            flash(_("The quota has been saved."), "success")
            return to_detail(quota)
    return render("quotas/form.html", form=form, quota=quota, status_code=form.status)


@bp.get("/<int:quota_id>")
def detail(quota_id: int) -> ResponseReturnValue:
    quota = load(quota_id)
    return render("quotas/detail.html", block="places", **detail_context(quota))
