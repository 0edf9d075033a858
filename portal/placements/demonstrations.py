"""Skills demonstrations (*näyttö*): planned, changed until held, and their result.

Either party's people who work on the placement plan a demonstration: the qualification unit
(one of the placement's, typed only when it names none), the place and the day, and one
assessor from each side — the education provider's teacher and the workshop's working-life
representative, each a person of that party or, when external, a typed name. The other
party is told. Until the day has passed, and while no result is in, the demonstration can
be changed or removed; afterwards it stays as held. From its day on, the provider records
the result: approved or not yet, a grade 1–5 where the qualification uses grades, and the
date it was recorded. Every change is a step of the placement's timeline (and so an audit
entry); notifications and mail name the placement's reference only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from flask import url_for
from flask_babel import lazy_gettext as _l

from portal.auth.models import User
from portal.core.dates import today
from portal.core.errors import DomainError, NotPermitted, TransitionNotAllowed
from portal.core.validators import contains_identity_code
from portal.extensions import db
from portal.notifications import kinds
from portal.notifications.kinds import NotificationKind
from portal.notifications.service import notify
from portal.parties.service import coordinators_of
from portal.placements import steps
from portal.placements.demonstration_assessors import ROLES, Assessor, settle
from portal.placements.enums import DemonstrationResult
from portal.placements.models import (
    Demonstration,
    Placement,
    PlacementQualificationUnit,
    StepKind,
)
from portal.placements.policy import may_record_result, sees
from portal.placements.workflow import Action

PLANNED = kinds.register(
    "placement.demonstration_planned",
    _l("%(party)s has planned a skills demonstration on %(date)s for placement %(reference)s."),
    date_params=("date",),
    label=_l("A skills demonstration planned, changed or assessed"),
)
CHANGED = kinds.register(
    "placement.demonstration_changed",
    _l(
        "%(party)s has changed a skills demonstration of placement %(reference)s; it is now "
        "on %(date)s."
    ),
    date_params=("date",),
)
REMOVED = kinds.register(
    "placement.demonstration_removed",
    _l("%(party)s has removed the skills demonstration of %(date)s from placement %(reference)s."),
    date_params=("date",),
)
RESULT = kinds.register(
    "placement.demonstration_result",
    _l(
        "%(party)s has recorded the result of the skills demonstration of %(date)s of "
        "placement %(reference)s."
    ),
    date_params=("date",),
)

CHOOSE_A_UNIT = _l("Choose one of the placement's qualification units.")


@dataclass
class DemonstrationDetails:
    # The unit's text: typed when the placement names no units, else matched to one of them.
    qualification_unit: str
    held_on: date
    place: str
    teacher_assessor: Assessor = field(default_factory=Assessor)
    working_life_assessor: Assessor = field(default_factory=Assessor)
    # One of the placement's units (PlacementQualificationUnit.id).
    unit_id: int | None = None


def _unit(placement: Placement, details: DemonstrationDetails) -> PlacementQualificationUnit | None:
    """One of the placement's units; only a placement that names none takes a typed unit."""
    units = placement.units
    if details.unit_id is not None:
        unit = next((u for u in units if u.id == details.unit_id), None)
        if unit is None:
            raise DomainError(CHOOSE_A_UNIT, field="unit")
        return unit
    typed = details.qualification_unit.strip().lower()
    if units:
        unit = next((u for u in units if typed in (u.label.lower(), u.name.lower())), None)
        if unit is None:
            raise DomainError(CHOOSE_A_UNIT, field="unit")
        return unit
    if not typed:
        raise DomainError(_l("Enter the qualification unit."), field="qualification_unit")
    if contains_identity_code(details.qualification_unit):
        raise DomainError(
            _l("Do not enter a personal identity code. Use a pseudonymous reference instead."),
            field="qualification_unit",
        )
    return None


def _apply(
    actor: User,
    placement: Placement,
    demonstration: Demonstration,
    details: DemonstrationDetails,
    current: Demonstration | None,
) -> None:
    place = details.place.strip()
    if not place:
        raise DomainError(_l("Enter the place."), field="place")
    if contains_identity_code(place):
        raise DomainError(
            _l("Do not enter a personal identity code. Use a pseudonymous reference instead."),
            field="place",
        )
    unit = _unit(placement, details)
    # Both assessors are settled before the row changes, so the ones already named are
    # compared with what they were.
    people = {
        role: settle(actor, placement, role, getattr(details, role), current) for role in ROLES
    }
    demonstration.unit_id = unit.id if unit is not None else None
    demonstration.qualification_unit = (
        unit.label if unit is not None else details.qualification_unit.strip()
    )
    demonstration.held_on = details.held_on
    demonstration.place = place
    for role, (user_id, name) in people.items():
        setattr(demonstration, f"{role}_id", user_id)
        setattr(demonstration, role, name)


def _summary(demonstration: Demonstration) -> str:
    return f"{demonstration.qualification_unit} – {demonstration.place}"


def add(actor: User, placement: Placement, details: DemonstrationDetails) -> Demonstration:
    """Plan a demonstration, and tell the other party."""
    steps.check(actor, Action.DEMONSTRATE, placement)
    demonstration = Demonstration(placement_id=placement.id, created_by_id=actor.id)
    _apply(actor, placement, demonstration, details, None)
    db.session.add(demonstration)
    db.session.flush()
    steps.record_step(
        placement, actor, StepKind.DEMONSTRATION_ADDED, comment=_summary(demonstration)
    )
    _tell(actor, placement, demonstration, PLANNED)
    return demonstration


def _locked(placement: Placement, demonstration: Demonstration) -> Demonstration:
    """The demonstration as it is now, held by this request until it ends, if still open."""
    if demonstration.placement_id != placement.id:
        raise DomainError(_l("The demonstration belongs to another placement."))
    fresh = db.session.scalar(
        sa.select(Demonstration)
        .where(Demonstration.id == demonstration.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if fresh is None:
        raise TransitionNotAllowed(_l("The demonstration has been removed."))
    return fresh


def held_refusal() -> TransitionNotAllowed:
    return TransitionNotAllowed(
        _l(
            "The demonstration has been held, so it is no longer changed or removed. Its "
            "result is recorded by the education provider."
        )
    )


def _refuse_if_held(demonstration: Demonstration) -> None:
    if demonstration.is_held:
        raise held_refusal()


def change(
    actor: User, placement: Placement, demonstration: Demonstration, details: DemonstrationDetails
) -> None:
    """Change a demonstration that has not been held yet, and tell the other party."""
    steps.check(actor, Action.DEMONSTRATE, placement)
    demonstration = _locked(placement, demonstration)
    _refuse_if_held(demonstration)
    _apply(actor, placement, demonstration, details, demonstration)
    steps.record_step(
        placement,
        actor,
        StepKind.DEMONSTRATION_CHANGED,
        comment=f"{_summary(demonstration)}, {demonstration.held_on.isoformat()}",
    )
    _tell(actor, placement, demonstration, CHANGED)


def remove(actor: User, placement: Placement, demonstration: Demonstration) -> None:
    steps.check(actor, Action.DEMONSTRATE, placement)
    demonstration = _locked(placement, demonstration)
    _refuse_if_held(demonstration)
    steps.record_step(
        placement, actor, StepKind.DEMONSTRATION_REMOVED, comment=_summary(demonstration)
    )
    _tell(actor, placement, demonstration, REMOVED)
    db.session.delete(demonstration)


def result_refusal(demonstration: Demonstration) -> TransitionNotAllowed | None:
    """Why the result cannot be recorded now, if it cannot."""
    if demonstration.result is not None:
        return TransitionNotAllowed(_l("The result of this demonstration has been recorded."))
    if demonstration.held_on > today():
        return TransitionNotAllowed(
            _l("The result can be recorded from the day of the demonstration on.")
        )
    if not demonstration.teacher_assessor or not demonstration.working_life_assessor:
        return TransitionNotAllowed(
            _l(
                "Name both assessors before recording the result: change the demonstration "
                "while it is not yet held, or ask the other party."
            )
        )
    return None


def record_result(
    actor: User,
    placement: Placement,
    demonstration: Demonstration,
    result: DemonstrationResult,
    grade: int | None = None,
) -> None:
    """Record the assessors' result, once the day has come, and tell the workshop."""
    steps.check(actor, Action.DEMONSTRATE, placement)
    if not may_record_result(actor, placement):
        raise NotPermitted(_l("The education provider records the result of a demonstration."))
    demonstration = _locked(placement, demonstration)
    refusal = result_refusal(demonstration)
    if refusal is not None:
        raise refusal
    if grade is not None and not 1 <= grade <= 5:
        raise DomainError(_l("A grade is from 1 to 5."), field="grade")
    demonstration.result = result
    demonstration.grade = grade
    demonstration.result_recorded_on = today()
    demonstration.result_recorded_by_id = actor.id
    steps.record_step(
        placement, actor, StepKind.DEMONSTRATION_RESULT, comment=_summary(demonstration)
    )
    _tell(actor, placement, demonstration, RESULT)


def _tell(
    actor: User, placement: Placement, demonstration: Demonstration, kind: NotificationKind
) -> None:
    """Tell the other party: its coordinators, its people on the team and its assessor, if a
    portal user — those of them who see the placement. Only the reference is named."""
    other = placement.other_party(actor.party_id)
    ids = {m.user_id for m in placement.team if m.party_id == other.id}
    ids |= {
        user_id
        for user_id in (demonstration.teacher_assessor_id, demonstration.working_life_assessor_id)
        if user_id is not None
    }
    people = set(coordinators_of([other]))
    if ids:
        people |= set(db.session.scalars(sa.select(User).where(User.id.in_(ids))))
    readers = [
        u
        for u in sorted(people, key=lambda u: u.id)
        if u.id != actor.id and u.party_id == other.id and sees(u, placement)
    ]
    notify(
        readers,
        kind,
        link=url_for("placements.detail", placement_id=placement.id, _anchor="demonstrations"),
        party=actor.party.name if actor.party else "",
        reference=placement.reference,
        date=demonstration.held_on.isoformat(),
    )
