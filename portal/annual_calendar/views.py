"""The calendar's views: the wheel, the month list, the year overview, an event and its .ics."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from flask import Response, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy.orm import selectinload

from portal.annual_calendar import (
    decisions,
    exchange_visitor,
    extension_points,
    ical,
    queries,
    wheel,
)
from portal.annual_calendar.blueprint import bp
from portal.annual_calendar.forms import ActionItemForm, ActionStateForm, AnswerForm, VisitorForm
from portal.annual_calendar.labels import (
    ANSWER_LABELS,
    KIND_COLOURS,
    KIND_LABELS,
    ROLE_LABELS,
    STATE_LABELS,
)
from portal.annual_calendar.models import Answer, Event, EventKind, Invitation, StaffExchange
from portal.annual_calendar.policy import RECORD, is_organiser, may_organise
from portal.auth.models import User
from portal.core import dates
from portal.core.authz import can, get_or_404
from portal.core.forms import options
from portal.core.htmx import render
from portal.core.params import id_arg, int_arg, year_arg
from portal.extensions import db


def _year() -> int:
    return year_arg() or dates.today().year


def _filters() -> queries.Filters:
    kind_value = request.args.get("kind", "")
    kind = EventKind(kind_value) if kind_value in EventKind.__members__.values() else None
    return queries.Filters(kind=kind, party_id=id_arg("party"))


def _common(view: str, year: int, filters: queries.Filters) -> dict[str, Any]:
    return {
        "view": view,
        "year": year,
        "filters": filters,
        "parties": queries.filter_parties(current_user, year),
        "kind_labels": KIND_LABELS,
        "kind_colours": KIND_COLOURS,
        "meetings": queries.meeting_check(current_user, year),
        "may_organise": may_organise(current_user),
        "today": dates.today(),
    }


@bp.get("/")
def wheel_view() -> ResponseReturnValue:
    year = _year()
    filters = _filters()
    events = queries.events_between(current_user, *queries.year_bounds(year), filters)
    shown = [e for e in events if not e.is_cancelled]
    locale = str(get_locale() or "fi")
    return render(
        "annual_calendar/wheel.html",
        block="view",
        wheel=wheel.build(year, shown, locale, today=dates.today()),
        months=queries.by_month(shown, year),
        ring_order=wheel.RING_ORDER,
        **_common("wheel", year, filters),
    )


@bp.get("/month")
def month() -> ResponseReturnValue:
    year = _year()
    number = int_arg("month", minimum=1, maximum=12)
    today = dates.today()
    if number is None:
        number = today.month if year == today.year else 1
    filters = _filters()
    events = queries.events_between(current_user, *queries.month_bounds(year, number), filters)
    answers = _my_answers(events)
    previous = (year - 1, 12) if number == 1 else (year, number - 1)
    following = (year + 1, 1) if number == 12 else (year, number + 1)
    return render(
        "annual_calendar/month.html",
        block="view",
        month=number,
        first_day=date(year, number, 1),
        events=events,
        answers=answers,
        answer_labels=ANSWER_LABELS,
        previous=previous,
        following=following,
        **_common("month", year, filters),
    )


@bp.get("/year")
def year_overview() -> ResponseReturnValue:
    year = _year()
    filters = _filters()
    events = queries.events_between(current_user, *queries.year_bounds(year), filters)
    months = queries.by_month(events, year)
    kinds = [filters.kind] if filters.kind else list(EventKind)
    return render(
        "annual_calendar/year.html",
        block="view",
        months=months,
        kinds=kinds,
        month_days=[date(year, m, 1) for m in range(1, 13)],
        **_common("year", year, filters),
    )


def _my_answers(events: list[Event]) -> dict[int, Answer]:
    if not events:
        return {}
    rows = db.session.scalars(
        sa.select(Invitation).where(
            Invitation.user_id == current_user.id,
            Invitation.event_id.in_([e.id for e in events]),
            Invitation.answer.is_not(None),
        )
    )
    return {i.event_id: i.answer for i in rows if i.answer is not None}


def to_event(event: Event) -> ResponseReturnValue:
    """See the event's page (after a change made on another page)."""
    return redirect(url_for("annual_calendar.detail", event_id=event.id), 303)


def load_event(event_id: int) -> Event:
    return get_or_404(
        Event,
        event_id,
        options=[
            selectinload(Event.organiser),
            selectinload(Event.invited_parties),
            selectinload(Event.invitations).selectinload(Invitation.user).joinedload(User.party),
            selectinload(Event.exchange).selectinload(StaffExchange.guest),
            selectinload(Event.action_items),
        ],
    )


def detail_context(event: Event, **overrides: object) -> dict[str, Any]:
    """What the event page shows; forms with errors are passed in ``overrides``."""
    mine = next((i for i in event.invitations if i.user_id == current_user.id), None)
    answered = [i for i in event.invitations if i.answer is not None]
    counts = {a: sum(1 for i in answered if i.answer == a) for a in Answer}
    context: dict[str, Any] = {
        "event": event,
        "mine": mine,
        "counts": counts,
        "organiser_view": is_organiser(current_user, event),
        "personal": [i for i in event.invitations if i.personal],
        "answered_others": [i for i in answered if not i.personal],
        "answer_form": AnswerForm(answer=mine.answer.value if mine and mine.answer else None),
        "earlier_items": (
            decisions.open_items_before(current_user, event)
            if event.kind == EventKind.MEETING
            else []
        ),
        "kind_labels": KIND_LABELS,
        "role_labels": ROLE_LABELS,
        "answer_labels": ANSWER_LABELS,
        "state_labels": STATE_LABELS,
        "state_form": ActionStateForm(),
        "today": dates.today(),
        "has_documents": {
            role: any(extension_points.has_documents(current_user, event, role))
            for role in ("agenda", "minutes")
        },
    }
    # Only the guest party's own people are listed, and only to that party: the host never
    # sees the other party's staff.
    visitors = exchange_visitor.visitor_choices(current_user, event)
    if visitors:
        visitor_form = VisitorForm(visitor=event.exchange.guest_id if event.exchange else None)
        visitor_form.visitor.choices = options(
            [(u.id, u.name + (f", {u.title}" if u.title else "")) for u in visitors]
        )
        context["visitor_form"] = visitor_form
    if can(RECORD, event) and not event.is_cancelled:
        form = ActionItemForm()
        form.owner_id.choices = options(
            [(0, "—")] + [(u.id, u.name) for u in decisions.possible_owners(current_user, event)]
        )
        context["action_form"] = form
    context.update(overrides)
    return context


@bp.get("/events/<int:event_id>")
def detail(event_id: int) -> ResponseReturnValue:
    event = load_event(event_id)
    return render("annual_calendar/detail.html", **detail_context(event))


@bp.get("/events/<int:event_id>.ics")
def event_ics(event_id: int) -> ResponseReturnValue:
    event = load_event(event_id)
    response = Response(ical.event_calendar(event), mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="silta-{event.id}.ics"'
    return response
