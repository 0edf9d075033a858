"""Organising events: create, change, cancel; naming the visitor of a staff exchange;
answering. The minutes and the decisions: ``minutes_views.py``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask import abort, flash, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from portal.annual_calendar import answers, audience, exchange_visitor, service
from portal.annual_calendar.blueprint import bp
from portal.annual_calendar.details import EventDetails, ExchangeDetails
from portal.annual_calendar.forms import AnswerForm, CancelForm, EventForm, VisitorForm
from portal.annual_calendar.models import Answer, Event, EventKind, ExchangeRole
from portal.annual_calendar.policy import CANCEL, may_organise
from portal.annual_calendar.views import detail_context, load_event, to_event
from portal.auth.models import User
from portal.core.authz import EDIT, authorize
from portal.core.forms import options
from portal.core.htmx import is_partial, render
from portal.core.lifecycle import changes
from portal.extensions import db
from portal.parties.models import Party


def _people_by_party(people: Sequence[User]) -> list[tuple[Party, list[User]]]:
    groups: dict[int, tuple[Party, list[User]]] = {}
    for person in people:
        assert person.party is not None
        groups.setdefault(person.party.id, (person.party, []))[1].append(person)
    return list(groups.values())


def _fill_choices(form: EventForm, event: Event | None) -> dict[str, Any]:
    parties = audience.invitable_parties(current_user)
    if event is not None:
        # A party invited earlier that has since withdrawn stays on its event.
        parties += [p for p in event.invited_parties if p not in parties]
    people = audience.invitable_people(current_user)
    if event is not None:
        # Those invited earlier stay on the list, so that saving keeps them.
        earlier = [i.user for i in event.invitations if i.personal and i.user.active]
        if event.exchange is not None and event.exchange.guest is not None:
            earlier.append(event.exchange.guest)
        people += [u for u in earlier if u not in people and u.party is not None]
        people.sort(key=lambda u: (u.party.name if u.party else "", u.name))
    form.parties.choices = options((p.id, p.name) for p in parties)
    form.people.choices = options((u.id, u.name) for u in people)
    form.guest_id.choices = [SelectChoice(0, "—")] + [
        SelectChoice(u.id, u.name, optgroup=u.party.name if u.party else "") for u in people
    ]
    hosts = audience.invitable_parties(current_user) + [current_user.party]
    sides = [(0, "—")] + sorted(
        ((p.id, p.name) for p in hosts if p is not None), key=lambda c: c[1]
    )
    form.host_party_id.choices = options(sides)
    form.guest_party_id.choices = options(sides)
    return {"party_choices": parties, "people_groups": _people_by_party(people)}


def _details(form: EventForm) -> EventDetails:
    kind = EventKind(form.kind.data)
    exchange = None
    if kind == EventKind.STAFF_EXCHANGE:
        exchange = ExchangeDetails(
            guest_id=form.guest_id.data or None,
            guest_party_id=form.guest_party_id.data or None,
            host_party_id=form.host_party_id.data,
            guest_role=ExchangeRole(form.guest_role.data),
        )
    return EventDetails(
        kind=kind,
        title=form.title.data,
        all_day=form.all_day.data,
        start_date=form.start_date.data,
        start_time=form.start_time.data,
        end_date=form.end_date.data or form.start_date.data,
        end_time=form.end_time.data,
        place=form.place.data or "",
        description=form.description.data or "",
        agenda=form.agenda.data or "",
        extra_meeting_reason=form.extra_meeting_reason.data or "",
        invited_party_ids=list(form.parties.data or []),
        invited_user_ids=list(form.people.data or []),
        exchange=exchange,
    )


def _form_data(event: Event) -> dict[str, Any]:
    exchange = event.exchange
    data: dict[str, Any] = {
        "kind": event.kind.value,
        "title": event.title,
        "all_day": event.all_day,
        "start_date": event.start_date,
        "end_date": event.end_date if event.end_date != event.start_date else None,
        "start_time": None if event.all_day else event.local_start.time(),
        "end_time": None if event.all_day else event.local_end.time(),
        "place": event.place,
        "description": event.description,
        "agenda": event.agenda,
        "extra_meeting_reason": event.extra_meeting_reason,
        "parties": [p.id for p in event.invited_parties],
        "people": [
            i.user_id
            for i in event.invitations
            if i.personal and not (exchange and i.user_id == exchange.guest_id)
        ],
        "guest_id": (exchange.guest_id or 0) if exchange else 0,
        "guest_party_id": exchange.guest_party_id if exchange else 0,
        "host_party_id": exchange.host_party_id if exchange else 0,
        "guest_role": exchange.guest_role.value if exchange else "",
    }
    return data


@bp.route("/events/new", methods=["GET", "POST"])
def create() -> ResponseReturnValue:
    if not may_organise(current_user):
        abort(403)
    form = EventForm()
    if request.method == "GET":
        kind = request.args.get("kind", "")
        if kind in EventKind.__members__.values():
            form.kind.data = kind
    return _event_form(form, None)


@bp.route("/events/<int:event_id>/edit", methods=["GET", "POST"])
def edit(event_id: int) -> ResponseReturnValue:
    event = load_event(event_id)
    authorize(EDIT, event)
    service.ensure_changeable(event)
    form = EventForm(data=_form_data(event)) if request.method == "GET" else EventForm()
    return _event_form(form, event)


def _event_form(form: EventForm, event: Event | None) -> ResponseReturnValue:
    """The event's form: a new event, or ``event`` changed and the invited told."""
    choices = _fill_choices(form, event)
    if form.validate_on_submit():
        with changes(form) as change:
            if event is None:
                saved, changed = service.create_event(current_user, _details(form)), True
            else:
                saved, changed = event, service.update_event(current_user, event, _details(form))
        if change.ok:
            if event is None:
                flash(_("The event has been added to the calendar."), "success")
            elif changed:
                flash(_("The changes have been saved and the invited told."), "success")
            else:
                flash(_("Nothing was changed."), "info")
            return to_event(saved)
    return render(
        "annual_calendar/form.html",
        form=form,
        event=event,
        organiser=event.organiser if event is not None else current_user.party,
        status_code=form.status,
        **choices,
    )


@bp.route("/events/<int:event_id>/cancel", methods=["GET", "POST"])
def cancel(event_id: int) -> ResponseReturnValue:
    event = load_event(event_id)
    authorize(CANCEL, event)
    service.ensure_changeable(event)
    form = CancelForm()
    if form.validate_on_submit():
        with changes():
            service.cancel_event(current_user, event, form.reason.data or "")
        flash(_("The event has been cancelled and the invited told."), "success")
        return to_event(event)
    return render("annual_calendar/cancel.html", form=form, event=event, status_code=form.status)


@bp.post("/events/<int:event_id>/visitor")
def visitor(event_id: int) -> ResponseReturnValue:
    event = load_event(event_id)
    form = VisitorForm()
    form.visitor.choices = options(
        [(u.id, u.name) for u in exchange_visitor.visitor_choices(current_user, event)]
    )
    if form.validate_on_submit():
        with changes(form) as change:
            person = exchange_visitor.name_visitor(current_user, event, form.visitor.data or 0)
        if change.ok:
            flash(_("%(name)s is named as the visitor and invited.", name=person.name), "success")
            return to_event(event)
    return render(
        "annual_calendar/detail.html",
        status_code=422,
        **detail_context(event, visitor_form=form),
    )


@bp.post("/events/<int:event_id>/answer")
def answer(event_id: int) -> ResponseReturnValue:
    event = load_event(event_id)
    form = AnswerForm()
    if form.validate_on_submit():
        with changes():
            answers.answer(current_user, event, Answer(form.answer.data))
        if not is_partial():
            flash(_("Your answer has been saved."), "success")
            return to_event(event)
        db.session.refresh(event)
    return render(
        "annual_calendar/detail.html",
        block="answer",
        status_code=form.status,
        **detail_context(event, answer_form=form, saved=not form.errors),
    )
