"""Rules of following up (DESIGN §2.7): the outcome at the end, asked again at 3 and 6 months.

:func:`start` runs when a placement is completed or interrupted (connected to the placements'
``ended`` hook), in the same transaction: it keeps the next step recorded then as the answer
at the end, and asks a named person of the team for the two later ones. :func:`answer` records
an answer with its source. Both change rows and only flush; the view commits once.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import format_date
from flask_babel import lazy_gettext as _l

from portal.auth.models import User
from portal.core.authz import can
from portal.core.dates import add_months, today
from portal.core.errors import DomainError, NotPermitted
from portal.core.models import utcnow
from portal.core.validators import contains_identity_code
from portal.extensions import db
from portal.follow_up import workflow
from portal.follow_up.enums import ASKED, Checkpoint, Source
from portal.follow_up.models import FollowUp
from portal.follow_up.policy import ANSWER
from portal.placements.enums import NextStep
from portal.placements.models import Placement


def askable(placement: Placement) -> list[User]:
    """Whom a follow-up may be asked of: the active people of the two parties on the team (a
    third party's place lasts only as long as the consent)."""
    members = [m for m in placement.team if m.consent_id is None and m.user.active]
    return [m.user for m in sorted(members, key=lambda m: m.id)]


def named_person(actor: User, placement: Placement) -> User | None:
    """Whom the follow-ups are asked of: the actor when on the team, else the first of the
    team from the actor's party, else the first of the two parties' people on it."""
    people = askable(placement)
    if actor in people:
        return actor
    own = [p for p in people if p.party_id == actor.party_id]
    chosen = (own or people)[:1]
    if chosen:
        return chosen[0]
    return actor if placement.involves(actor.party_id) else None


def start(actor: User, placement: Placement) -> list[FollowUp]:
    """Keep the outcome at the end and ask for the situation 3 and 6 months after it."""
    ended_on = placement.ended_on or today()
    asked = named_person(actor, placement)
    rows = [
        FollowUp(
            placement=placement,
            checkpoint=Checkpoint.END,
            due_on=ended_on,
            situation=placement.next_step or NextStep.UNKNOWN,
            source=Source.TEAM,
            answered_by_id=actor.id,
            answered_by_name=actor.name,
            answered_at=utcnow(),
        )
    ]
    rows += [
        FollowUp(
            placement=placement,
            checkpoint=checkpoint,
            due_on=add_months(ended_on, checkpoint.months),
            asked_id=asked.id if asked is not None else None,
        )
        for checkpoint in ASKED
    ]
    db.session.add_all(rows)
    db.session.flush()
    return rows


@dataclass
class Answer:
    situation: NextStep
    source: Source
    qualification: str = ""


def answer(actor: User, follow_up: FollowUp, given: Answer) -> None:
    """Record where the young person is now, and how the answerer knows."""
    if not can(ANSWER, follow_up, actor):
        raise NotPermitted(_l("Only those who see the placement may answer its follow-up."))
    if follow_up.checkpoint != Checkpoint.END and follow_up.due_on > today():
        raise DomainError(
            _l(
                "This follow-up is asked on %(date)s. Answer it then.",
                date=format_date(follow_up.due_on),
            )
        )
    qualification = given.qualification.strip()
    if given.situation == NextStep.STUDIES and not qualification:
        raise DomainError(
            _l("Name the qualification the young person studies for."), field="qualification"
        )
    if contains_identity_code(qualification):
        raise DomainError(
            _l("Do not enter a personal identity code. Use a pseudonymous reference instead."),
            field="qualification",
        )
    follow_up.situation = given.situation
    follow_up.qualification = qualification if given.situation == NextStep.STUDIES else ""
    follow_up.source = given.source
    follow_up.answered_by_id = actor.id
    follow_up.answered_by_name = actor.name
    follow_up.answered_at = utcnow()
    if follow_up.checkpoint == Checkpoint.END:
        # The placement's own next step stays the same answer, for its page and the reports
        # that read it.
        follow_up.placement.next_step = given.situation
    db.session.flush()


def ask(actor: User, follow_up: FollowUp, person_id: int) -> User:
    """Ask another person of the team, e.g. when the one asked has left it; once the
    follow-up is due, they are reminded afresh."""
    if not can(ANSWER, follow_up, actor):
        raise NotPermitted(_l("Only those who see the placement may answer its follow-up."))
    if not workflow.allows(workflow.Action.ASK, follow_up):
        raise DomainError(_l("The follow-up has been answered already."))
    person = next((p for p in askable(follow_up.placement) if p.id == person_id), None)
    if person is None:
        raise DomainError(_l("Choose a person on the team."), field="person")
    follow_up.asked = person
    follow_up.reminded_at = None
    db.session.flush()
    return person
