"""Filling and releasing a quota's places: htmx gets the places part of the page back (the
chart and the counts included), a plain form the page again."""

from __future__ import annotations

from typing import Any

from flask import abort, flash
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from portal.core.authz import authorize, get_or_404, visible
from portal.core.errors import DomainError
from portal.core.htmx import is_partial, render
from portal.core.lifecycle import changes
from portal.extensions import db
from portal.placements.models import Placement
from portal.quotas import places
from portal.quotas.blueprint import bp
from portal.quotas.forms import ReservationForm
from portal.quotas.models import Quota, QuotaAllocation
from portal.quotas.page import detail_context, fill_form, turn_form
from portal.quotas.policy import FILL, RELEASE
from portal.quotas.views import load, to_detail


def _placement(placement_id: Any) -> Placement:
    """One of the user's own party's placements, or a refusal beside the field."""
    placement = db.session.scalar(visible(Placement).where(Placement.id == placement_id))
    if placement is None:
        raise DomainError(_("Choose a workshop period from the list."), field="placement")
    return placement


def _done(quota: Quota, message: str) -> ResponseReturnValue:
    """The page, or its places part, after the change has been committed."""
    if not is_partial():
        flash(message, "success")
        return to_detail(quota, "places")
    quota = load(quota.id)
    return render(
        "quotas/detail.html", block="places", swapped=True, **detail_context(quota, message=message)
    )


def _again(quota: Quota, status: int, **forms: Any) -> ResponseReturnValue:
    # An earlier success message would stand beside the refusal: htmx clears it.
    return render(
        "quotas/detail.html",
        block="places",
        status_code=status,
        swapped=is_partial(),
        **detail_context(quota, **forms),
    )


def _place(quota: Quota, place_id: int) -> QuotaAllocation:
    place = get_or_404(QuotaAllocation, place_id)
    if place.quota_id != quota.id:
        abort(404)
    return place


@bp.post("/<int:quota_id>/places")
def fill(quota_id: int) -> ResponseReturnValue:
    quota = load(quota_id)
    authorize(FILL, quota)
    form = fill_form(places.fitting_placements(quota))
    if form.validate_on_submit():
        with changes(form) as change:
            placement = _placement(form.placement.data)
            places.fill_with_placement(current_user, quota, placement, seen=form.seen.data or None)
        if change.ok:
            return _done(
                quota,
                _("A place has been filled with %(reference)s.", reference=placement.reference),
            )
    return _again(quota, form.status, fill=form)


@bp.post("/<int:quota_id>/reservations")
def reserve(quota_id: int) -> ResponseReturnValue:
    quota = load(quota_id)
    authorize(FILL, quota)
    form = ReservationForm()
    if form.validate_on_submit():
        with changes(form) as change:
            place = places.reserve(
                current_user,
                quota,
                reference=form.reference.data,
                start_on=form.start_on.data,
                end_on=form.end_on.data,
                seen=form.seen.data or None,
            )
        if change.ok:
            return _done(
                quota, _("A place has been reserved for %(reference)s.", reference=place.reference)
            )
    return _again(quota, form.status, reservation=form)


@bp.post("/<int:quota_id>/places/<int:place_id>/turn")
def turn(quota_id: int, place_id: int) -> ResponseReturnValue:
    quota = load(quota_id)
    place = _place(quota, place_id)
    authorize(FILL, place)
    form = turn_form(place, places.fitting_placements(quota))
    if form.validate_on_submit():
        with changes(form) as change:
            placement = _placement(form.placement.data)
            places.turn_into_placement(current_user, place, placement)
        if change.ok:
            return _done(
                quota,
                _(
                    "The place reserved for %(reference)s is now held by %(placement)s.",
                    reference=place.reference,
                    placement=placement.reference,
                ),
            )
    return _again(quota, form.status, turning=form, turning_id=place.id)


@bp.post("/<int:quota_id>/places/<int:place_id>/release")
def release(quota_id: int, place_id: int) -> ResponseReturnValue:
    quota = load(quota_id)
    place = _place(quota, place_id)
    authorize(RELEASE, place)
    # A refusal (released in another tab already) is the 409 page or message.
    with changes():
        places.release(current_user, place)
    return _done(quota, _("The place has been released; it is free from today."))
