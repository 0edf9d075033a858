"""Rules of placements (DESIGN §2.2): requests, decisions, start, completion, interruption.

Every function takes the acting user, checks the step against the workflow table
(``workflow.RULES``) through :func:`steps.claim`, changes rows and only flushes; the view
commits once. Signing and amendments are in ``agreements``; comments and skills
demonstrations in ``activity``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

from portal.auth.models import User
from portal.core.dates import today
from portal.core.errors import DomainError, NotPermitted
from portal.core.models import utcnow
from portal.core.validators import contains_identity_code
from portal.extensions import db
from portal.parties.models import Party, PartyKind
from portal.placements import agreements, steps, team, training
from portal.placements.extension_points import ended, holds_open
from portal.placements.models import (
    Direction,
    NextStep,
    Placement,
    PlacementQualificationUnit,
    PlacementStatus,
    StepKind,
)
from portal.placements.terms import Terms, UnitLine
from portal.placements.terms_checks import check_terms
from portal.placements.workflow import Action

# Which kind of party sends a request in each direction, and which receives it.
SENDER_KIND = {
    Direction.TO_STUDIES: PartyKind.WORKSHOP,
    Direction.TO_WORKSHOP: PartyKind.EDUCATION_PROVIDER,
}
RECEIVER_KIND = {
    Direction.TO_STUDIES: PartyKind.EDUCATION_PROVIDER,
    Direction.TO_WORKSHOP: PartyKind.WORKSHOP,
}


@dataclass
class Individual:
    """The individual, pseudonymously: never a personal identity code."""

    reference: str
    initials: str
    full_name: str = ""


def takes_part(user: User) -> bool:
    """Does the user's party send or receive placements (a workshop or a provider)?"""
    party = user.party
    return party is not None and party.kind in SENDER_KIND.values()


def directions_for(user: User) -> list[Direction]:
    """The directions in which the user's party may start new requests."""
    party = user.party
    if party is None or not party.is_active:
        return []
    return [d for d, kind in SENDER_KIND.items() if party.kind == kind]


def _check_parties(actor: User, direction: Direction, receiver: Party) -> None:
    if direction not in directions_for(actor):
        raise NotPermitted(_l("Your party cannot start this kind of request."))
    if receiver.kind != RECEIVER_KIND[direction] or receiver.id == actor.party_id:
        raise DomainError(_l("Choose a party of the right kind."), field="receiver")
    if not receiver.is_active:
        raise DomainError(
            _l("%(party)s has withdrawn from the agreement.", party=receiver.name),
            field="receiver",
        )


def _check_individual(individual: Individual) -> None:
    for name in ("reference", "initials", "full_name"):
        if contains_identity_code(getattr(individual, name)):
            raise DomainError(
                _l("Do not enter a personal identity code. Use a pseudonymous reference instead."),
                field=name,
            )


def _apply_individual(placement: Placement, individual: Individual) -> None:
    placement.reference = individual.reference
    placement.initials = individual.initials
    placement.full_name = individual.full_name


def create(
    actor: User, direction: Direction, receiver: Party, individual: Individual, terms: Terms
) -> Placement:
    """Draft a request from the actor's party to ``receiver``."""
    _check_parties(actor, direction, receiver)
    _check_individual(individual)
    check_terms(direction, terms, complete=False)
    assert actor.party_id is not None
    if direction == Direction.TO_WORKSHOP:
        training.settle_people(actor, None, terms, receiver.id, actor.party_id)
    placement = Placement(
        direction=direction,
        status=PlacementStatus.DRAFT,
        sender_party_id=actor.party_id,
        receiver=receiver,
        created_by_id=actor.id,
    )
    _apply_individual(placement, individual)
    terms.apply_to(placement)
    db.session.add(placement)
    db.session.flush()
    team.join_as_creator(actor, placement)
    steps.record_step(placement, actor, StepKind.CREATED, to_status=PlacementStatus.DRAFT)
    return placement


def update_draft(
    actor: User, placement: Placement, receiver: Party, individual: Individual, terms: Terms
) -> None:
    steps.check(actor, Action.EDIT, placement)
    _check_parties(actor, placement.direction, receiver)
    _check_individual(individual)
    check_terms(placement.direction, terms, complete=False)
    if placement.direction == Direction.TO_WORKSHOP:
        training.settle_people(actor, placement, terms, receiver.id, placement.sender_party_id)
    # Taken like a step, so that an edit cannot slip in after another tab has submitted.
    steps.claim(actor, Action.EDIT, placement)
    placement.receiver = receiver
    _apply_individual(placement, individual)
    terms.apply_to(placement)
    steps.record_step(placement, actor, StepKind.EDITED)


def submit(actor: User, placement: Placement, comment: str = "") -> None:
    """Send the request; the livelihood check (and for a period the duties) must be done."""
    steps.check(actor, Action.SUBMIT, placement)
    check_terms(placement.direction, Terms.of(placement), complete=True)
    seen = steps.claim(actor, Action.SUBMIT, placement)
    placement.submitted_at = utcnow()
    steps.record_move(placement, actor, StepKind.SUBMITTED, seen, comment)
    steps.tell_other_party(actor, placement, steps.SUBMITTED)


def cancel(actor: User, placement: Placement, comment: str = "") -> None:
    seen = steps.claim(actor, Action.CANCEL, placement)
    steps.record_move(placement, actor, StepKind.CANCELLED, seen, comment)
    if seen == PlacementStatus.SUBMITTED:
        steps.tell_other_party(actor, placement, steps.CANCELLED)


def accept(actor: User, placement: Placement, comment: str = "") -> None:
    """Accept the request and draw up version 1 of the per-trainee agreement."""
    seen = steps.claim(actor, Action.ACCEPT, placement)
    steps.record_move(placement, actor, StepKind.ACCEPTED, seen, comment)
    agreements.draw_up(actor, placement)
    steps.tell_other_party(actor, placement, steps.ACCEPTED)


def decline(actor: User, placement: Placement, reason: str) -> None:
    steps.check(actor, Action.DECLINE, placement)
    if not reason.strip():
        raise DomainError(_l("Give the reason for declining."), field="reason")
    seen = steps.claim(actor, Action.DECLINE, placement)
    placement.decline_reason = reason.strip()
    steps.record_move(placement, actor, StepKind.DECLINED, seen, reason)
    steps.tell_other_party(actor, placement, steps.DECLINED)


def start(actor: User, placement: Placement, on: date, comment: str = "") -> None:
    """Record that the period (or the studies) began; only after both have signed."""
    steps.check(actor, Action.START, placement)
    if on > today():
        raise DomainError(_l("The start cannot be recorded in advance."), field="on")
    seen = steps.claim(actor, Action.START, placement)
    placement.started_on = on
    steps.record_move(placement, actor, StepKind.STARTED, seen, comment)
    steps.tell_other_party(actor, placement, steps.STARTED, date=on.isoformat())


def check_nothing_left_hanging(placement: Placement) -> None:
    """Refuse to close a placement while something still holds it open, such as a hand-over
    that its receiver has not yet confirmed (DESIGN §2.7: never left hanging)."""
    for reason in holds_open(placement):
        if reason is not None:
            raise DomainError(reason)


def _check_end(placement: Placement, on: date) -> None:
    if on > today():
        raise DomainError(_l("The end cannot be recorded in advance."), field="on")
    if placement.started_on is not None and on < placement.started_on:
        raise DomainError(_l("The end cannot be before the start."), field="on")


def complete(
    actor: User,
    placement: Placement,
    *,
    on: date,
    completed_unit_ids: list[int],
    other_units: list[UnitLine],
    next_step: NextStep,
    note: str = "",
) -> None:
    """Record the outcome: the qualification units completed and the next step."""
    steps.check(actor, Action.COMPLETE, placement)
    check_nothing_left_hanging(placement)
    _check_end(placement, on)
    if any(contains_identity_code(text) for text in [note, *(u.name for u in other_units)]):
        raise DomainError(
            _l("Do not enter a personal identity code. Use a pseudonymous reference instead.")
        )
    seen = steps.claim(actor, Action.COMPLETE, placement)
    # Asked again now that this request holds the row: a hand-over recorded meanwhile counts.
    check_nothing_left_hanging(placement)
    chosen = set(completed_unit_ids)
    for unit in placement.units:
        # A completion the education provider recorded with its date (and the result bonus it
        # may have made due) stays: the outcome adds to it, never undoes it.
        unit.completed = unit.id in chosen or unit.completed_on is not None
    known = {(u.name, u.code) for u in placement.units}
    for line in other_units:
        if (line.name, line.code) not in known:
            placement.units.append(
                PlacementQualificationUnit(
                    name=line.name, code=line.code, completed=True, position=len(placement.units)
                )
            )
    placement.ended_on = on
    placement.next_step = next_step
    placement.outcome_note = note.strip()
    steps.record_move(placement, actor, StepKind.COMPLETED, seen, note)
    steps.tell_other_party(actor, placement, steps.COMPLETED, date=on.isoformat())
    ended(actor, placement)


def interrupt(
    actor: User, placement: Placement, *, on: date, reason: str, next_step: NextStep
) -> None:
    steps.check(actor, Action.INTERRUPT, placement)
    check_nothing_left_hanging(placement)
    if not reason.strip():
        raise DomainError(_l("Give the reason for the interruption."), field="reason")
    _check_end(placement, on)
    seen = steps.claim(actor, Action.INTERRUPT, placement)
    check_nothing_left_hanging(placement)
    placement.ended_on = on
    placement.interruption_reason = reason.strip()
    placement.next_step = next_step
    steps.record_move(placement, actor, StepKind.INTERRUPTED, seen, reason)
    steps.tell_other_party(actor, placement, steps.INTERRUPTED, date=on.isoformat())
    ended(actor, placement)
