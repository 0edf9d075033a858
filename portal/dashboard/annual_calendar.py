"""The calendar's part of the front page: the user's action items due, invitations not yet
answered, and the events coming up.

Everything starts from the calendar's own scopes (``visible(Event)``,
``visible(ActionItem)``), so an event the user may not see is neither listed nor counted.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from flask import url_for
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from portal.annual_calendar.labels import KIND_LABELS
from portal.annual_calendar.models import (
    ActionItem,
    ActionState,
    Event,
    EventStatus,
    Invitation,
    event_party,
)
from portal.annual_calendar.queries import local_midnight
from portal.auth.models import User
from portal.core.authz import visible
from portal.dashboard.sections import Group, Item, Section, Window, first_rows, limited, source


def _event_url(event_id: int, anchor: str = "") -> str:
    return url_for("annual_calendar.detail", event_id=event_id) + (f"#{anchor}" if anchor else "")


def _when(event: Event) -> date | datetime:
    return event.start_date if event.all_day else event.starts_at


@source(Section.WAITING, order=40)
def action_items_due(user: User, window: Window) -> Group | None:
    """The user's own open action items due within two weeks, or already overdue."""
    stmt = (
        visible(ActionItem, user)
        .where(
            ActionItem.owner_id == user.id,
            ActionItem.state == ActionState.OPEN,
            ActionItem.due_on <= window.due_until,
        )
        .options(joinedload(ActionItem.event))
        .order_by(ActionItem.due_on, ActionItem.id)
    )
    rows, total = first_rows(stmt)
    items = []
    for item, _total in rows:
        if item.due_on < window.today:
            flag = _("Overdue")
        elif item.due_on == window.today:
            flag = _("Due today")
        else:
            flag = ""
        items.append(
            Item(
                item.title,
                _event_url(item.event_id, "decisions"),
                detail=item.event.title,
                when=item.due_on,
                flag=flag,
            )
        )
    return limited(_("Action items due"), items, total=total)


def _invited(user: User) -> sa.ColumnElement[bool]:
    """Invited by name, or a coordinator of an invited party: those the organiser told."""
    personal = (
        sa.select(Invitation.id)
        .where(
            Invitation.event_id == Event.id,
            Invitation.user_id == user.id,
            Invitation.personal.is_(True),
        )
        .exists()
    )
    if user.party_id is None or not user.is_coordinator:
        return personal
    party_invited = (
        sa.select(event_party.c.event_id)
        .where(event_party.c.event_id == Event.id, event_party.c.party_id == user.party_id)
        .exists()
    )
    return sa.or_(personal, party_invited)


@source(Section.WAITING, order=50)
def invitations_to_answer(user: User, window: Window) -> Group | None:
    """Events still ahead that the user was invited to and has not answered."""
    answered = (
        sa.select(Invitation.id)
        .where(
            Invitation.event_id == Event.id,
            Invitation.user_id == user.id,
            Invitation.answer.is_not(None),
        )
        .exists()
    )
    stmt = (
        visible(Event, user)
        .where(
            Event.status == EventStatus.SCHEDULED,
            Event.ends_at > window.now,
            _invited(user),
            ~answered,
        )
        .options(joinedload(Event.organiser))
        .order_by(Event.starts_at, Event.id)
    )
    rows, total = first_rows(stmt)
    items = [
        Item(
            event.title,
            _event_url(event.id, "answer"),
            detail=f"{KIND_LABELS[event.kind]} · {event.organiser.name}",
            when=_when(event),
        )
        for event, _total in rows
    ]
    return limited(_("Invitations to answer"), items, url_for("annual_calendar.month"), total)


@source(Section.COMING, order=10)
def events_coming(user: User, window: Window) -> Group | None:
    """Events the user sees from now until the window closes (cancelled ones left out)."""
    until = local_midnight(window.coming_until)
    stmt = (
        visible(Event, user)
        .where(
            Event.status == EventStatus.SCHEDULED,
            Event.ends_at > window.now,
            Event.starts_at < until,
        )
        .options(joinedload(Event.organiser))
        .order_by(Event.starts_at, Event.id)
    )
    rows, total = first_rows(stmt)
    items = [
        Item(
            event.title,
            _event_url(event.id),
            detail=" · ".join(filter(None, [str(KIND_LABELS[event.kind]), event.place])),
            when=_when(event),
        )
        for event, _total in rows
    ]
    return limited(_("Events"), items, url_for("annual_calendar.month"), total)
