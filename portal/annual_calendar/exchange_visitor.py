"""The staff exchange's visitor, named later by the guest party: its coordinators name one
of their own people, or a person of the party offers to go. The visitor is invited by name
and the invited are told."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.annual_calendar.audience import EVENT_CHANGED, EVENT_INVITED, recipients, tell
from portal.annual_calendar.models import Event, Invitation
from portal.annual_calendar.service import ensure_changeable
from portal.auth.models import Role, User
from portal.core import audit
from portal.core.errors import DomainError
from portal.core.models import utcnow
from portal.extensions import db

audit.name_events(
    {"calendar.visitor": _l("Staff exchange visitor named")},
    details={"visitor": _l("Visitor")},
)


def visitor_choices(actor: User, event: Event) -> list[User]:
    """Whom the actor may name as the exchange's visitor: for a coordinator of the guest
    party, its active people; for another person of that party, only themselves."""
    exchange = event.exchange
    party = actor.party
    if (
        exchange is None
        or event.is_cancelled
        or event.ends_at <= utcnow()
        or party is None
        or party.id != exchange.guest_party_id
        or not party.is_active
    ):
        return []
    if actor.role != Role.COORDINATOR:
        return [actor] if exchange.guest_id is None else []
    return [u for u in party.users if u.active]


def name_visitor(actor: User, event: Event, person_id: int) -> User:
    """The guest party names its visitor (or a person offers to go); they are invited."""
    ensure_changeable(event)
    allowed = {u.id: u for u in visitor_choices(actor, event)}
    person = allowed.get(person_id)
    if person is None:
        raise DomainError(_l("Choose the visitor from the list."), field="visitor")
    exchange = event.exchange
    assert exchange is not None
    if exchange.guest_id == person.id:
        return person
    told_before = recipients(event)
    earlier = exchange.guest
    exchange.guest = person
    for invitation in list(event.invitations):
        if earlier is not None and invitation.user_id == earlier.id:
            # Still of an invited party: the event stays in their calendar, not by name.
            invitation.personal = False
    mine = next((i for i in event.invitations if i.user_id == person.id), None)
    if mine is None:
        event.invitations.append(Invitation(user=person, personal=True))
    else:
        mine.personal = True
    event.sequence += 1
    event.updated_at = utcnow()
    db.session.flush()
    audit.record(
        "calendar.visitor", actor=actor, target=event, visitor=person.id, sequence=event.sequence
    )
    told_now = recipients(event)
    tell(told_now - told_before, actor, event, EVENT_INVITED)
    tell(told_now & told_before, actor, event, EVENT_CHANGED)
    return person
