"""Decisions of a meeting to act (action items): an owner, a due date and a state.

An item stays open until it is done or dropped; the page of every later coordinators'
meeting lists the open items of earlier events, so that they are followed up.
"""

from __future__ import annotations

import enum
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from portal.annual_calendar.audience import invitable_people
from portal.annual_calendar.models import ActionItem, ActionState, Event
from portal.annual_calendar.policy import RECORD, is_organiser, may_organise, sees
from portal.auth.models import User
from portal.core import audit
from portal.core.authz import EDIT, can, visible
from portal.core.errors import DomainError, TransitionNotAllowed
from portal.core.models import utcnow
from portal.core.transitions import Transition, leads_to, states
from portal.extensions import db

audit.name_events(
    {
        "calendar.action.add": _l("Action item added"),
        "calendar.action.state": _l("Action item marked"),
    },
    targets={"ActionItem": _l("Action item")},
    details={"event_id": _l("Event"), "state": _l("State")},
)


class FollowUp(enum.StrEnum):
    """What can be done to an action item as it is followed up."""

    MARK_DONE = "mark_done"
    DROP = "drop"
    REOPEN = "reopen"


RULES: dict[FollowUp, Transition[ActionState]] = {
    FollowUp.MARK_DONE: Transition(states(ActionState.OPEN), ActionState.DONE),
    FollowUp.DROP: Transition(states(ActionState.OPEN), ActionState.DROPPED),
    FollowUp.REOPEN: Transition(states(ActionState.DONE, ActionState.DROPPED), ActionState.OPEN),
}


def possible_owners(actor: User, event: Event) -> list[User]:
    """People the actor may name as an owner: those who can see the event."""
    return [u for u in invitable_people(actor) if sees(u, event)]


def add_action_item(
    actor: User, event: Event, *, title: str, owner_id: int, due_on: date
) -> ActionItem:
    if not can(RECORD, event, actor):
        raise DomainError(_l("Only the organiser's coordinators record decisions."))
    if event.is_cancelled:
        raise TransitionNotAllowed(_l("A cancelled event cannot be changed."))
    owner = next((u for u in possible_owners(actor, event) if u.id == owner_id), None)
    if owner is None:
        raise DomainError(
            _l("Choose the owner among the people who take part in the event."), field="owner_id"
        )
    item = ActionItem(event=event, title=title, owner=owner, due_on=due_on)
    db.session.add(item)
    db.session.flush()
    audit.record("calendar.action.add", actor=actor, target=item, event_id=event.id)
    return item


def change_state(actor: User, item: ActionItem, state: ActionState, note: str = "") -> None:
    """Mark an item done, dropped or open again; the owner may only report theirs done."""
    if not can(EDIT, item, actor):
        raise DomainError(_l("Only the owner or the organiser's coordinators follow this up."))
    organiser = is_organiser(actor, item.event) and may_organise(actor)
    if not organiser and state != ActionState.DONE:
        raise DomainError(_l("The owner can only mark the item done."))
    if not leads_to(RULES, item.state, state):
        raise TransitionNotAllowed(_l("The item is already in that state."))
    item.state = state
    if note:
        item.note = note
    if state == ActionState.OPEN:
        item.closed_at = None
        item.closed_by = None
    else:
        item.closed_at = utcnow()
        item.closed_by = actor
    audit.record("calendar.action.state", actor=actor, target=item, state=state.value)


def open_items_before(user: User, event: Event) -> list[ActionItem]:
    """Open items of the user's visible events that began before this one."""
    stmt = (
        visible(ActionItem, user)
        .join(Event, ActionItem.event_id == Event.id)
        .where(
            ActionItem.state == ActionState.OPEN,
            Event.starts_at < event.starts_at,
            Event.id != event.id,
        )
        .options(selectinload(ActionItem.event), selectinload(ActionItem.owner))
        .order_by(ActionItem.due_on, ActionItem.id)
    )
    return list(db.session.scalars(stmt))
