"""A workshop period's records by month, a correction of a closed day, and closing months:
one period's, or every period of the workshop at once."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from portal.core import dates
from portal.core.htmx import render
from portal.core.lifecycle import changes
from portal.core.pagination import paginate
from portal.core.params import clamp_date
from portal.daily_records import days, queries, service
from portal.daily_records.blueprint import bp
from portal.daily_records.forms import CorrectionForm
from portal.daily_records.policy import may_close, may_record
from portal.daily_records.views import day_arg, units_of
from portal.extensions import db
from portal.placements.models import Placement


def month_arg(value: str | None) -> date | None:
    """``YYYY-MM`` as the month's first day."""
    try:
        return clamp_date(date.fromisoformat(f"{value}-01"))
    except (TypeError, ValueError):
        return None


def _load(placement_id: int) -> Placement:
    placement = queries.readable(current_user, placement_id)
    if placement is None:
        abort(404)
    return placement


def _to_month(placement: Placement, month: date) -> ResponseReturnValue:
    return redirect(url_for(".month", placement_id=placement.id, month=f"{month:%Y-%m}"), 303)


@bp.get("/placements/<int:placement_id>")
def month(placement_id: int) -> ResponseReturnValue:
    placement = _load(placement_id)
    current = days.month_of(dates.today())
    shown = month_arg(request.args.get("month")) or min(
        current, days.month_of(days.last_day(placement) or current)
    )
    data = queries.month_of(placement, shown)
    return render(
        "daily_records/month.html",
        placement=placement,
        data=data,
        previous_month=days.previous_month(shown),
        next_month=days.next_month(shown) if shown < current else None,
        may_correct=data.closed is not None and may_record(current_user, placement),
        may_close=data.closed is None and shown <= current and may_close(current_user, placement),
    )


@bp.route("/placements/<int:placement_id>/days/<day_text>/correct", methods=["GET", "POST"])
def correct(placement_id: int, day_text: str) -> ResponseReturnValue:
    day = day_arg(day_text)
    placement = queries.writable(current_user, placement_id)
    if day is None or placement is None:
        abort(404)
    entries = service.revisions(placement, day)
    form = CorrectionForm(units=units_of(placement))
    if request.method == "GET" and entries:
        latest = entries[-1]
        form.presence.data = latest.presence.value
        form.hours.data = latest.hours
        form.note.data = latest.note
        form.qualification_unit.data = latest.qualification_unit
    if form.validate_on_submit():
        with changes(form) as change:
            service.correct_day(current_user, placement, day, form.entry(), form.reason.data)
        if change.ok:
            flash(_("The correction has been saved beside the entry it corrects."), "success")
            return _to_month(placement, days.month_of(day))
    return render(
        "daily_records/correct.html",
        placement=placement,
        day=day,
        entries=entries,
        form=form,
        holiday=days.holiday_name(day),
        status_code=form.status,
    )


@bp.post("/placements/<int:placement_id>/close")
def close(placement_id: int) -> ResponseReturnValue:
    placement = _load(placement_id)
    shown = month_arg(request.form.get("month"))
    if shown is None:
        abort(400)
    with changes():
        service.close_month(current_user, placement, shown)
    flash(_("The month has been closed. A change to its days is now a correction."), "success")
    return _to_month(placement, shown)


@bp.get("/months")
def months() -> ResponseReturnValue:
    """The coordinator's view of a month: the workshop's periods not yet closed."""
    if not current_user.is_coordinator:
        abort(404)
    current = days.month_of(dates.today())
    shown = min(month_arg(request.args.get("month")) or days.previous_month(current), current)
    page = paginate(queries.closable(current_user, shown))
    ids = [placement.id for placement in page.items]
    return render(
        "daily_records/months.html",
        shown=shown,
        page=page,
        counts=queries.recorded_counts(ids, shown),
        previous_month=days.previous_month(shown),
        next_month=days.next_month(shown) if shown < current else None,
    )


@bp.post("/months/close")
def close_all() -> ResponseReturnValue:
    if not current_user.is_coordinator:
        abort(404)
    shown = month_arg(request.form.get("month"))
    if shown is None:
        abort(400)
    placements = db.session.scalars(queries.closable(current_user, shown)).all()
    with changes():
        count = service.close_party_month(current_user, placements, shown)
    flash(
        ngettext(
            "The month has been closed for %(num)d workshop period.",
            "The month has been closed for %(num)d workshop periods.",
            count,
        ),
        "success",
    )
    return redirect(url_for(".months", month=f"{shown:%Y-%m}"), 303)
