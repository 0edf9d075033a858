"""Rules of the annual calendar (DESIGN §2.5).

* Coordinators of an active party organise events for their party; the organiser's
  coordinators change and cancel them. A supporting organisation organises nothing.
* An event ends after it starts. Times are Finnish time; a time that the clocks skip when
  summer time begins does not exist and is refused.
* A staff exchange has a guest's party and a host party, which differ, and a guest person:
  named by the organiser among the people it sees, or later by the guest party itself (its
  coordinators name one of their own people; a person of the party may offer to go). The
  guest is invited by name, and the guest's and the host's parties are invited.
* What the organiser gives and its times: ``details.py``; the visitor named later by the
  guest party: ``visitor.py``; the answers of the invited: ``answers.py``.
* Every change raises the event's SEQUENCE, so calendar clients take the new version.
* Invited persons and the coordinators of invited parties are told of an invitation, a
  change and a cancellation.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from flask_babel import lazy_gettext as _l

from portal.annual_calendar.audience import (
    EVENT_CANCELLED,
    EVENT_CHANGED,
    EVENT_INVITED,
    EVENT_UNINVITED,
    invitable_parties,
    invitable_people,
    recipients,
    tell,
)
from portal.annual_calendar.details import EventDetails, ExchangeDetails, event_times
from portal.annual_calendar.models import Event, EventKind, EventStatus, Invitation, StaffExchange
from portal.annual_calendar.policy import CANCEL, RECORD, may_organise
from portal.auth.models import User
from portal.core import audit
from portal.core.authz import EDIT, can
from portal.core.errors import DomainError, TransitionNotAllowed
from portal.core.models import utcnow
from portal.extensions import db
from portal.parties.models import Party

audit.name_events(
    {
        "calendar.create": _l("Event created"),
        "calendar.update": _l("Event changed"),
        "calendar.cancel": _l("Event cancelled"),
        "calendar.minutes": _l("Minutes recorded"),
    },
    targets={"Event": _l("Event")},
    details={"kind": _l("Kind"), "sequence": _l("Version")},
)


# --- Checks ---------------------------------------------------------------------------------


def _parties(actor: User, ids: list[int], already: list[Party]) -> list[Party]:
    allowed = {p.id: p for p in invitable_parties(actor)}
    kept = {p.id: p for p in already if p.id in ids}
    chosen = []
    for party_id in dict.fromkeys(ids):
        party = kept.get(party_id) or allowed.get(party_id)
        if party is None or party.id == actor.party_id:
            raise DomainError(_l("Choose the invited parties from the list."), field="parties")
        chosen.append(party)
    return chosen


def _people(
    actor: User, ids: list[int], already: list[User], field_name: str = "people"
) -> list[User]:
    allowed = {u.id: u for u in invitable_people(actor)}
    # Someone invited earlier stays invitable, even if the actor no longer sees them otherwise.
    allowed.update({u.id: u for u in already if u.active})
    chosen = []
    for user_id in dict.fromkeys(ids):
        if user_id not in allowed:
            raise DomainError(_l("Choose the invited persons from the list."), field=field_name)
        chosen.append(allowed[user_id])
    return chosen


def _exchange(
    actor: User, event: Event, details: ExchangeDetails
) -> tuple[User | None, Party, Party]:
    exchange = event.exchange
    sides = {p.id: p for p in [*invitable_parties(actor), actor.party] if p is not None}
    if exchange is not None:
        sides.setdefault(exchange.guest_party_id, exchange.guest_party)
    guest = None
    if details.guest_id:
        earlier = [exchange.guest] if exchange is not None and exchange.guest else []
        [guest] = _people(actor, [details.guest_id], earlier, "guest_id")
        assert guest.party is not None  # only people of an organisation are invitable
        guest_party = guest.party
        if details.guest_party_id and details.guest_party_id != guest_party.id:
            raise DomainError(_l("The guest is not of the guest's party."), field="guest_party_id")
    else:
        chosen = sides.get(details.guest_party_id or 0)
        if chosen is None:
            raise DomainError(_l("Choose the guest's party."), field="guest_party_id")
        guest_party = chosen
        # A visitor the guest party named stays named while the exchange stays with it.
        if exchange is not None and exchange.guest_party_id == guest_party.id:
            guest = exchange.guest
    host = db.session.get(Party, details.host_party_id)
    if host is None or not host.is_active:
        raise DomainError(_l("Choose the host party from the list."), field="host_party_id")
    if guest_party.id == host.id:
        raise DomainError(
            _l("The guest and the host must be of different parties."), field="host_party_id"
        )
    return guest, guest_party, host


def _snapshot(event: Event) -> tuple[Any, ...]:
    exchange = event.exchange
    return (
        event.kind,
        event.title,
        event.all_day,
        event.starts_at,
        event.ends_at,
        event.place,
        event.description,
        event.agenda,
        event.extra_meeting_reason,
        tuple(sorted(p.id for p in event.invited_parties)),
        tuple(sorted(i.user_id for i in event.invitations if i.personal)),
        (exchange.guest_id, exchange.guest_party_id, exchange.host_party_id, exchange.guest_role)
        if exchange
        else None,
    )


# --- Changes --------------------------------------------------------------------------------


def _apply(actor: User, event: Event, details: EventDetails) -> None:
    starts, ends = event_times(details)
    parties = _parties(actor, details.invited_party_ids, event.invited_parties)
    invited = [i.user for i in event.invitations if i.personal]
    people = _people(actor, details.invited_user_ids, invited)
    if details.kind == EventKind.STAFF_EXCHANGE:
        if details.exchange is None:
            raise DomainError(_l("Choose the guest."), field="guest_id")
        guest, guest_party, host = _exchange(actor, event, details.exchange)
        if guest is not None and guest not in people:
            people.append(guest)
        # Both sides of the exchange take part in it.
        for side in (guest_party, host):
            if side.id != actor.party_id and side not in parties:
                parties.append(side)
        if event.exchange is None:
            event.exchange = StaffExchange()
        event.exchange.guest = guest
        event.exchange.guest_party = guest_party
        event.exchange.host_party = host
        event.exchange.guest_role = details.exchange.guest_role
    else:
        event.exchange = None

    event.kind = details.kind
    event.title = details.title
    event.all_day = details.all_day
    event.starts_at = starts
    event.ends_at = ends
    event.place = details.place
    event.description = details.description
    event.agenda = details.agenda
    event.extra_meeting_reason = (
        details.extra_meeting_reason if details.kind == EventKind.MEETING else ""
    )
    event.invited_parties = parties

    wanted = {u.id for u in people}
    party_ids = {p.id for p in parties} | {event.organiser_party_id}
    for invitation in list(event.invitations):
        if invitation.user_id in wanted:
            invitation.personal = True
            wanted.discard(invitation.user_id)
        elif invitation.user.party_id in party_ids:
            # Still sees the event through their party; their answer stays.
            invitation.personal = False
        else:
            event.invitations.remove(invitation)
    for user in people:
        if user.id in wanted:
            event.invitations.append(Invitation(user=user, personal=True))


def create_event(actor: User, details: EventDetails) -> Event:
    """Add an event organised by the actor's party and tell the invited."""
    if not may_organise(actor):
        raise DomainError(_l("Only coordinators of an active party organise events."))
    event = Event(organiser=actor.party, created_by=actor, status=EventStatus.SCHEDULED)
    event.invitations = []
    event.invited_parties = []
    _apply(actor, event, details)
    db.session.add(event)
    db.session.flush()
    audit.record("calendar.create", actor=actor, target=event, kind=event.kind.value)
    tell(recipients(event), actor, event, EVENT_INVITED)
    return event


def arrange_event(actor: User, details: EventDetails, people: list[User]) -> Event:
    """An event that a package above the calendar arranges for the actor, having checked
    that they may: a placement's team arranges its hand-over meeting, not only coordinators.

    The actor's party organises it and the parties are invited as in :func:`create_event`;
    ``people`` are invited by name — the package vouches for them, though the actor might not
    see them in the directory (another party's staff on the placement's team).
    """
    party = actor.party
    if party is None or not party.is_party:
        raise DomainError(_l("Only people of a party arrange events."))
    event = Event(organiser=party, created_by=actor, status=EventStatus.SCHEDULED)
    event.invitations = []
    event.invited_parties = []
    _apply(actor, event, replace(details, invited_user_ids=[]))
    for person in dict.fromkeys(people):
        if person.active:
            event.invitations.append(Invitation(user=person, personal=True))
    db.session.add(event)
    db.session.flush()
    audit.record("calendar.create", actor=actor, target=event, kind=event.kind.value)
    tell(recipients(event), actor, event, EVENT_INVITED)
    return event


def ensure_changeable(event: Event) -> None:
    """Refuse to change a cancelled event (answered 409 with the reason)."""
    if event.is_cancelled:
        raise TransitionNotAllowed(_l("A cancelled event cannot be changed."))


def update_event(actor: User, event: Event, details: EventDetails) -> bool:
    """Change the event; True if anything changed. The newly invited are invited, the others
    told of the change, and those no longer invited told that the invitation is taken back."""
    if not can(EDIT, event, actor):
        raise DomainError(_l("Only the organiser's coordinators change the event."))
    ensure_changeable(event)
    before = _snapshot(event)
    told_before = recipients(event)
    _apply(actor, event, details)
    db.session.flush()
    if _snapshot(event) == before:
        return False
    event.sequence += 1
    event.updated_at = utcnow()
    audit.record("calendar.update", actor=actor, target=event, sequence=event.sequence)
    told_now = recipients(event)
    tell(told_now - told_before, actor, event, EVENT_INVITED)
    tell(told_now & told_before, actor, event, EVENT_CHANGED)
    tell(told_before - told_now, actor, event, EVENT_UNINVITED)
    return True


def cancel_event(actor: User, event: Event, reason: str = "", *, arranged: bool = False) -> None:
    """Cancel the event and tell the invited. ``arranged``: the package that arranged it
    (:func:`arrange_event`) has checked that the actor may call it off."""
    if not arranged and not can(CANCEL, event, actor):
        raise DomainError(_l("Only the organiser's coordinators cancel the event."))
    if event.is_cancelled:
        raise TransitionNotAllowed(_l("The event has already been cancelled."))
    event.status = EventStatus.CANCELLED
    event.cancellation_reason = reason
    event.sequence += 1
    event.updated_at = utcnow()
    audit.record("calendar.cancel", actor=actor, target=event)
    tell(recipients(event), actor, event, EVENT_CANCELLED)


def record_minutes(actor: User, event: Event, minutes: str) -> None:
    if not can(RECORD, event, actor):
        raise DomainError(_l("Only the organiser's coordinators write the minutes."))
    event.minutes = minutes
    audit.record("calendar.minutes", actor=actor, target=event)
