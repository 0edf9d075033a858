"""Rules of hand-overs (DESIGN §2.7: a hand-over to the next service is confirmed by the
receiver, never left hanging).

* The placement's team keepers record a hand-over while the placement is ongoing: the kind
  of next service, the receiving person (a portal user of a party) and the hand-over meeting.
* The receiving person joins the placement's team, so that they see it: a person of a third
  party only while the young person's consent names their party (the team's rule);
  otherwise the hand-over is refused with the reason beside the field.
* The meeting is an event of the annual calendar, organised by the recorder's party, with
  the placement's two parties and the receiver's party invited, and the team and the
  receiver invited by name. Its title names only the placement's reference.
* The placement cannot be completed or interrupted while a hand-over waits for its
  receiver (:func:`holds_open`); the receiver confirms it, or the team calls it off with a
  reason, which cancels the meeting.

Functions take the acting user, change rows and only flush; the view commits once. What is
told by notification or e-mail names only the placement's reference, never the young person.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

import sqlalchemy as sa
from flask import url_for
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from portal.annual_calendar import service as calendar
from portal.annual_calendar.details import EventDetails
from portal.annual_calendar.models import Event, EventKind
from portal.auth.models import User
from portal.core.authz import scope
from portal.core.dates import today
from portal.core.errors import DomainError, NotPermitted, TransitionNotAllowed
from portal.core.models import utcnow
from portal.extensions import db
from portal.handovers.labels import SERVICE_LABELS, SERVICE_ROLES
from portal.handovers.models import Handover, NextService
from portal.handovers.policy import RECORDED_IN, may_record
from portal.notifications import kinds
from portal.notifications.service import notify
from portal.parties.models import Party
from portal.parties.service import coordinators_of
from portal.placements import steps, team
from portal.placements.models import Placement, StepKind
from portal.placements.policy import may_keep_team, membership

ASKED = kinds.register(
    "handover.asked",
    _l(
        "%(party)s hands the young person of placement %(reference)s over to you. The "
        "hand-over meeting is on %(date)s. Confirm in the portal once you have the young person."
    ),
    date_params=("date",),
    label=_l("A young person handed over to you"),
)
CONFIRMED = kinds.register(
    "handover.confirmed",
    _l("%(name)s has confirmed having the young person of placement %(reference)s."),
    label=_l("A hand-over confirmed by its receiver"),
)
CALLED_OFF = kinds.register(
    "handover.called_off",
    _l("The hand-over of placement %(reference)s to you has been called off."),
    label=_l("A hand-over called off"),
)

# Refusals that the form cannot put right (the hand-over or the placement moved on, the step
# is not the user's): the 409 (or 403) page, not a message beside a field.
NOT_FOR_THE_FORM: tuple[type[DomainError], ...] = (TransitionNotAllowed, NotPermitted)

# How many people of a party the form offers at a time; a search narrows them.
PEOPLE_SHOWN = 20


@dataclass
class HandoverDetails:
    service: NextService
    party_id: int | None
    person_id: int | None
    meeting_on: date
    start_time: time | None
    end_time: time | None
    place: str = ""


def receiving_parties(placement: Placement) -> list[Party]:
    """The parties a receiver may be of: the two, and every other active party."""
    return team.consent_parties(placement)


def consent_missing(placement: Placement, party: Party) -> LazyString | None:
    """Why no one of ``party`` can receive the young person yet, or None."""
    if placement.involves(party.id) or team.consent_for(placement, party.id) is not None:
        return None
    return _l(
        "Without the young person's valid consent that names %(party)s, the young person "
        "cannot be handed over to its people here: they would see the placement. Record the "
        "consent first.",
        party=party.name,
    )


def candidates(placement: Placement, party: Party | None, search: str = "") -> list[User]:
    """Active people of ``party`` matching ``search``, when they may receive the young person."""
    if party is None or consent_missing(placement, party) is not None:
        return []
    query = sa.select(User).where(User.party_id == party.id, User.active.is_(True))
    for word in search.split()[:5]:
        pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(
            sa.or_(User.name.ilike(pattern, escape="\\"), User.title.ilike(pattern, escape="\\"))
        )
    return list(db.session.scalars(query.order_by(User.name).limit(PEOPLE_SHOWN)))


def of_placement(placement: Placement) -> list[Handover]:
    """The placement's hand-overs, the latest first."""
    return list(
        db.session.scalars(
            sa.select(Handover)
            .where(Handover.placement_id == placement.id)
            .options(joinedload(Handover.receiver_party), joinedload(Handover.event))
            .order_by(Handover.recorded_at.desc(), Handover.id.desc())
        )
    )


def placement_of_meeting(user: User, event: Event) -> Placement | None:
    """The placement whose hand-over meeting ``event`` is, when the user sees it (one
    statement; the event's page names nothing to those who do not)."""
    return db.session.scalars(
        sa.select(Placement)
        .join(Handover, Handover.placement_id == Placement.id)
        .where(Handover.event_id == event.id, scope(Placement, user))
        .limit(1)
    ).first()


def _open(placement_id: int) -> list[Handover]:
    return list(
        db.session.scalars(
            sa.select(Handover)
            .where(
                Handover.placement_id == placement_id,
                Handover.confirmed_at.is_(None),
                Handover.called_off_at.is_(None),
            )
            .order_by(Handover.id)
        )
    )


def _receiver(placement: Placement, details: HandoverDetails) -> tuple[Party, User]:
    parties = {p.id: p for p in receiving_parties(placement)}
    party = parties.get(details.party_id or 0)
    if party is None:
        raise DomainError(_l("Choose the receiving party from the list."), field="party")
    missing = consent_missing(placement, party)
    if missing is not None:
        raise DomainError(missing, field="party")
    person = db.session.get(User, details.person_id) if details.person_id else None
    if person is None or not person.active or person.party_id != party.id:
        raise DomainError(_l("Choose the receiving person."), field="person")
    if any(h.receiver_id == person.id for h in _open(placement.id)):
        raise DomainError(
            _l("The young person is already being handed over to %(name)s.", name=person.name),
            field="person",
        )
    return party, person


def _meeting(actor: User, placement: Placement, receiver: User, details: HandoverDetails) -> int:
    """The hand-over meeting in the annual calendar, with both sides and the receiver."""
    assert receiver.party is not None
    parties = [placement.sender, placement.receiver, receiver.party]
    invited = [p for p in dict.fromkeys(parties) if p.id != actor.party_id and p.is_active]
    # The team of both sides, whose members see the placement, and the receiver.
    people = [m.user for m in placement.team if membership(m.user, placement) is not None]
    event = calendar.arrange_event(
        actor,
        EventDetails(
            kind=EventKind.OTHER,
            title=str(_l("Hand-over meeting: %(reference)s", reference=placement.reference)),
            start_date=details.meeting_on,
            end_date=details.meeting_on,
            start_time=details.start_time,
            end_time=details.end_time,
            place=details.place.strip(),
            description=str(
                _l(
                    "The hand-over of placement %(reference)s to the next service. The young "
                    "person is named only on the placement's page.",
                    reference=placement.reference,
                )
            ),
            invited_party_ids=[p.id for p in invited],
        ),
        [*people, receiver],
    )
    return event.id


def check_recordable(actor: User, placement: Placement) -> None:
    """Refuse if the actor may not record a hand-over of the placement in its current state."""
    if not may_keep_team(actor, placement):
        raise NotPermitted(_l("Only the coordinators and the team of the placement may do this."))
    if not may_record(actor, placement):
        raise TransitionNotAllowed(
            _l("A hand-over to the next service is recorded while the placement is ongoing.")
        )


def record(actor: User, placement: Placement, details: HandoverDetails) -> Handover:
    """Record a hand-over to the next service and arrange its meeting."""
    check_recordable(actor, placement)
    party, person = _receiver(placement, details)
    if details.meeting_on < today():
        raise DomainError(_l("The hand-over meeting cannot be in the past."), field="meeting_on")
    # Hold the placement's row, as its steps do, and refuse if it moved on meanwhile: a
    # completion at the same moment either sees this hand-over or refuses it.
    steps.move(placement, placement.status, placement.status)
    if not any(m.user_id == person.id for m in placement.team):
        # The team's own rules: the consent for a third party and the step in the timeline.
        # The person is told below, once, of the hand-over itself.
        team.add_member(actor, placement, person.id, SERVICE_ROLES[details.service], tell=False)
    event_id = _meeting(actor, placement, person, details)
    handover = Handover(
        placement_id=placement.id,
        service=details.service,
        receiver_id=person.id,
        receiver_name=person.name,
        receiver_party_id=party.id,
        event_id=event_id,
        recorded_by_id=actor.id,
        recorded_by_name=actor.name,
    )
    db.session.add(handover)
    db.session.flush()
    steps.record_step(
        placement,
        actor,
        StepKind.HANDOVER_RECORDED,
        comment=f"{SERVICE_LABELS[details.service]}: {person.name}, {party.name}",
    )
    notify(
        [person],
        ASKED,
        link=url_for("placements.detail", placement_id=placement.id, _anchor="handover"),
        party=actor.party.name if actor.party else "",
        reference=placement.reference,
        date=details.meeting_on.isoformat(),
    )
    return handover


def _close(handover: Handover, **values: object) -> None:
    """Close the hand-over only if it is still open; refuse if another request came first."""
    result = db.session.execute(
        sa.update(Handover)
        .where(
            Handover.id == handover.id,
            Handover.confirmed_at.is_(None),
            Handover.called_off_at.is_(None),
        )
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise TransitionNotAllowed(
            _l("The hand-over has already been confirmed or called off. Reload the page.")
        )
    db.session.expire(handover)


def check_open(handover: Handover) -> None:
    if handover.confirmed_at is not None:
        raise TransitionNotAllowed(_l("The hand-over has already been confirmed."))
    if handover.called_off_at is not None:
        raise TransitionNotAllowed(_l("The hand-over has been called off."))


def confirm(actor: User, handover: Handover) -> None:
    """The receiver confirms that they have the young person."""
    if handover.receiver_id != actor.id:
        raise NotPermitted(_l("Only the receiving person confirms the hand-over."))
    check_open(handover)
    placement = handover.placement
    _close(handover, confirmed_at=utcnow(), confirmed_by_name=actor.name)
    steps.record_step(placement, actor, StepKind.HANDOVER_CONFIRMED, comment=actor.name)
    recorder = db.session.get(User, handover.recorded_by_id) if handover.recorded_by_id else None
    told = coordinators_of([placement.sender, placement.receiver])
    if recorder is not None:
        told.append(recorder)
    notify(
        [u for u in told if u.id != actor.id],
        CONFIRMED,
        link=url_for("placements.detail", placement_id=placement.id, _anchor="handover"),
        name=actor.name,
        reference=placement.reference,
    )


def call_off(actor: User, handover: Handover, reason: str) -> None:
    """The team calls off a hand-over that will not happen; its meeting is cancelled."""
    placement = handover.placement
    if not may_keep_team(actor, placement):
        raise NotPermitted(_l("Only the coordinators and the team of the placement may do this."))
    check_open(handover)
    if not reason.strip():
        raise DomainError(_l("Write why the hand-over is called off."), field="reason")
    _close(
        handover,
        called_off_at=utcnow(),
        called_off_by_name=actor.name,
        called_off_reason=reason.strip(),
    )
    steps.record_step(placement, actor, StepKind.HANDOVER_CALLED_OFF, comment=reason)
    event = handover.event
    if event is not None and not event.is_cancelled and not event.has_ended():
        calendar.cancel_event(actor, event, reason.strip(), arranged=True)
    receiver = handover.receiver
    if receiver is not None and receiver.id != actor.id:
        notify(
            [receiver],
            CALLED_OFF,
            link=url_for("placements.detail", placement_id=placement.id, _anchor="handover"),
            reference=placement.reference,
        )


# --- What the placements ask (their extension points) -----------------------------------


def holds_open(placement: Placement) -> LazyString | None:
    """Why the placement may not be completed or interrupted yet, or None."""
    waiting = _open(placement.id)
    if not waiting:
        return None
    names = ", ".join(f"{h.receiver_name} ({h.receiver_party.name})" for h in waiting)
    return _l(
        "The young person is being handed over to %(names)s, who has not yet confirmed having "
        "them. The placement stays open until the receiver confirms the hand-over, or the team "
        "calls it off.",
        names=names,
    )


def waiting_for(user: User, placements: list[Placement]) -> dict[int, list[LazyString]]:
    """The placements of one page whose hand-over waits for the user's confirmation."""
    ids = [p.id for p in placements if p.status in RECORDED_IN]
    if not ids:
        return {}
    waiting = db.session.scalars(
        sa.select(Handover.placement_id).where(
            Handover.receiver_id == user.id,
            Handover.placement_id.in_(ids),
            Handover.confirmed_at.is_(None),
            Handover.called_off_at.is_(None),
        )
    )
    return {pid: [_l("Confirm that you have the young person")] for pid in waiting}
