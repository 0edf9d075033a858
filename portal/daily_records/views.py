"""The day screen: today's trainees of my workshop, one row each; htmx saves a row and gets
it back, a plain form gets the page again (or, when refused, the page with the row's errors)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from flask import abort, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from portal.core import dates
from portal.core.htmx import is_partial, render
from portal.core.lifecycle import changes
from portal.core.pagination import paginate
from portal.core.params import clamp_date
from portal.daily_records import days, queries, service
from portal.daily_records.blueprint import bp
from portal.daily_records.forms import DayForm
from portal.daily_records.labels import PRESENCE_LABELS
from portal.daily_records.models import ClosedMonth, DailyRecord
from portal.placements.models import Placement


@bp.context_processor
def _labels() -> dict[str, Any]:
    return {"presence_labels": PRESENCE_LABELS}


@dataclass
class Row:
    """One trainee on the day screen."""

    placement: Placement
    form: DayForm
    record: DailyRecord | None
    closed: ClosedMonth | None
    saved: bool = False


def day_arg(value: str | None) -> date | None:
    try:
        return clamp_date(date.fromisoformat(value or ""))
    except ValueError:
        return None


def units_of(placement: Placement) -> list[str]:
    return [unit.label for unit in placement.units]


def row_form(placement: Placement, record: DailyRecord | None, *, posted: bool) -> DayForm:
    """The row's form: as posted, or filled from the day's entry."""
    prefix, units = f"p{placement.id}", units_of(placement)
    if posted:
        return DayForm(prefix=prefix, units=units)
    form = DayForm(prefix=prefix, units=units, formdata=None)
    if record is not None:
        form.presence.data = record.presence.value
        form.hours.data = record.hours
        form.note.data = record.note
        form.qualification_unit.data = record.qualification_unit
    elif form.units:
        form.qualification_unit.data = form.units[0]
    return form


def _page_context(day: date, failed: Row | None = None) -> dict[str, Any]:
    """The day screen: a page of the periods, their day's entries and their month's closing."""
    page = paginate(queries.recordable(current_user, day))
    ids = [placement.id for placement in page.items]
    records = queries.latest_of_day(ids, day)
    closed = queries.closed_of_month(ids, days.month_of(day))
    rows = []
    for placement in page.items:
        if failed is not None and failed.placement.id == placement.id:
            rows.append(failed)
            continue
        record = records.get(placement.id)
        form = row_form(placement, record, posted=False)
        rows.append(Row(placement, form, record, closed.get(placement.id)))
    today = dates.today()
    return {
        "day": day,
        "today": today,
        "previous_day": day - timedelta(days=1),
        "next_day": day + timedelta(days=1) if day < today else None,
        "holiday": days.holiday_name(day),
        "weekend": days.is_weekend(day),
        "page": page,
        "rows": rows,
    }


@bp.get("/")
def day_screen() -> ResponseReturnValue:
    today = dates.today()
    day = day_arg(request.args.get("day")) or today
    if day > today:
        # A day not yet come has nothing to record: today's screen instead.
        day = today
    return render("daily_records/day.html", **_page_context(day))


@bp.post("/<int:placement_id>/days/<day_text>")
def save(placement_id: int, day_text: str) -> ResponseReturnValue:
    day = day_arg(day_text)
    placement = queries.writable(current_user, placement_id)
    if day is None or placement is None:
        abort(404)
    records = queries.latest_of_day([placement.id], day)
    form = row_form(placement, records.get(placement.id), posted=True)
    if form.validate_on_submit():
        with changes(form, as_page=(service.MonthClosed,)) as change:
            record = service.record_day(current_user, placement, day, form.entry())
        if change.ok:
            if not is_partial():
                flash(
                    _("The day of %(reference)s has been saved.", reference=placement.reference),
                    "success",
                )
                return redirect(url_for(".day_screen", day=day.isoformat()), 303)
            row = Row(placement, form, record, None, saved=True)
            return render("daily_records/_row.html", row=row, day=day)
    row = Row(placement, form, records.get(placement.id), None)
    if is_partial():
        return render("daily_records/_row.html", row=row, day=day, status_code=form.status)
    return render("daily_records/day.html", status_code=form.status, **_page_context(day, row))
