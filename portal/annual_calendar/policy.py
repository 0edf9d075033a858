"""Who sees an event: its organiser party and the parties and persons invited to it.

A supporting organisation is never an organiser, so it sees only what it is invited to.
Everyone else, the portal administrator included, gets 404. Action items and invitations
are seen with their event.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from portal.annual_calendar.models import (
    ActionItem,
    ActionState,
    Event,
    Invitation,
    event_party,
)
from portal.auth.models import User
from portal.core.authz import EDIT, VIEW, Policy, policy, scope

# Actions on an event besides viewing and editing.
CANCEL = "cancel"
ANSWER = "answer"
RECORD = "record"  # write the minutes and the decisions


def may_organise(user: User) -> bool:
    """Coordinators of an active party (not a supporting organisation) organise events."""
    party = user.party
    return bool(user.is_coordinator and party is not None and party.is_party and party.is_active)


def is_organiser(user: User, event: Event) -> bool:
    return user.party_id is not None and user.party_id == event.organiser_party_id


@policy
class EventPolicy(Policy[Event]):
    model = Event

    def scope(self, user: User) -> ColumnElement[bool]:
        personal = (
            sa.select(Invitation.id)
            .where(
                Invitation.event_id == Event.id,
                Invitation.user_id == user.id,
                Invitation.personal.is_(True),
            )
            .exists()
        )
        if user.party_id is None:
            return personal
        invited_party = (
            sa.select(event_party.c.event_id)
            .where(event_party.c.event_id == Event.id, event_party.c.party_id == user.party_id)
            .exists()
        )
        return sa.or_(Event.organiser_party_id == user.party_id, invited_party, personal)

    def permits(self, user: User, action: str, obj: Event) -> bool:
        if action == VIEW:
            return True
        if action == ANSWER:
            return not obj.is_cancelled and not obj.has_ended()
        if action in (EDIT, CANCEL, RECORD):
            # A cancelled event is refused by the service with a message, not hidden here.
            return is_organiser(user, obj) and may_organise(user)
        return False


@policy
class ActionItemPolicy(Policy[ActionItem]):
    model = ActionItem

    def scope(self, user: User) -> ColumnElement[bool]:
        visible_events = sa.select(Event.id).where(scope(Event, user))
        return ActionItem.event_id.in_(visible_events)

    def permits(self, user: User, action: str, obj: ActionItem) -> bool:
        if action == VIEW:
            return True
        if action == EDIT:
            # The organiser's coordinators follow the decisions up; the owner reports on theirs.
            return (is_organiser(user, obj.event) and may_organise(user)) or (
                obj.owner_id == user.id and obj.state == ActionState.OPEN
            )
        return False


def sees(user: User, event: Event) -> bool:
    """The scope above for one loaded event, for choosing among people who can see it."""
    if user.party_id is not None and (
        user.party_id == event.organiser_party_id
        or any(p.id == user.party_id for p in event.invited_parties)
    ):
        return True
    return any(i.user_id == user.id and i.personal for i in event.invitations)
