"""Rules of the learning-environment reports (DESIGN §2.1).

* Only a workshop's units have reports, one each; only the workshop's coordinators write
  them (policy.py). A withdrawn workshop starts nothing new: it neither adds nor publishes.
* A report is a draft, seen only by its own workshop, until it is published with at least
  one qualification unit; it can be taken back to a draft.
* A report older than ``CATALOGUE_REVIEW_MONTHS`` is due for review.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from portal.auth.models import User
from portal.catalogue import search
from portal.catalogue.models import LearningEnvironment, QualificationUnit
from portal.core import audit
from portal.core.dates import today
from portal.core.errors import DomainError, TransitionNotAllowed
from portal.core.models import utcnow
from portal.core.transitions import Transition, allows, states
from portal.extensions import db
from portal.parties.models import PartyKind, Unit

audit.name_events(
    {
        "catalogue.report.create": _l("Learning-environment report created"),
        "catalogue.report.publish": _l("Learning-environment report published"),
        "catalogue.report.unpublish": _l("Learning-environment report returned to draft"),
    },
    targets={"LearningEnvironment": _l("Learning-environment report")},
)


class ReportState(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


class ReportAction(enum.StrEnum):
    PUBLISH = "publish"
    UNPUBLISH = "unpublish"


# Each action, the states it is taken from and the state it leads to; anything else is refused.
RULES: dict[ReportAction, Transition[ReportState]] = {
    ReportAction.PUBLISH: Transition(states(ReportState.DRAFT), ReportState.PUBLISHED),
    ReportAction.UNPUBLISH: Transition(states(ReportState.PUBLISHED), ReportState.DRAFT),
}


@dataclass
class ReportDetails:
    work_description: str
    capacity: int
    reported_on: date
    author: str


@dataclass
class UnitDetails:
    qualification: str
    name: str
    code: str = ""
    can_host_demonstration: bool = False
    can_issue_certificate: bool = False


def review_months() -> int:
    return int(current_app.config["CATALOGUE_REVIEW_MONTHS"])


def state_of(environment: LearningEnvironment) -> ReportState:
    return ReportState.PUBLISHED if environment.is_published else ReportState.DRAFT


def _check_details(details: ReportDetails) -> None:
    if details.reported_on > today():
        raise DomainError(
            _l("The date of the report cannot be in the future."), field="reported_on"
        )
    if details.capacity < 1:
        raise DomainError(_l("Enter a number from 1 to 500."), field="capacity")


def _check_active(unit: Unit) -> None:
    if unit.party.is_withdrawn():
        raise DomainError(
            _l("The workshop has withdrawn from the agreement and starts nothing new.")
        )


def _apply(environment: LearningEnvironment, actor: User, details: ReportDetails) -> None:
    environment.work_description = details.work_description
    environment.capacity = details.capacity
    environment.reported_on = details.reported_on
    environment.author = details.author
    environment.search_text = field_text(environment.unit, details.work_description)
    environment.updated_at = utcnow()
    environment.updated_by = actor


def field_text(unit: Unit, work_description: str) -> str:
    """A report's search text for the search by field: the unit's name and the work done."""
    return search.index_text(unit.name, work_description)


def unit_saved(unit: Unit) -> None:
    """A renamed unit's report is found by its new name (connected to parties' hook)."""
    environment = db.session.scalar(
        sa.select(LearningEnvironment).where(LearningEnvironment.unit_id == unit.id)
    )
    if environment is not None:
        environment.search_text = field_text(unit, environment.work_description)
        db.session.flush()


def create_report(actor: User, unit: Unit, details: ReportDetails) -> LearningEnvironment:
    """Start the unit's report as a draft."""
    if unit.party.kind != PartyKind.WORKSHOP:
        raise DomainError(_l("Only the units of a workshop have learning-environment reports."))
    _check_active(unit)
    existing = db.session.scalar(
        sa.select(LearningEnvironment).where(LearningEnvironment.unit_id == unit.id)
    )
    if existing is not None:
        raise DomainError(_l("The unit already has a report."))
    _check_details(details)
    environment = LearningEnvironment(unit=unit)
    _apply(environment, actor, details)
    db.session.add(environment)
    db.session.flush()
    audit.record("catalogue.report.create", actor=actor, target=environment, unit=unit.name)
    return environment


def update_report(actor: User, environment: LearningEnvironment, details: ReportDetails) -> None:
    _check_details(details)
    _apply(environment, actor, details)
    db.session.flush()


def change_state(
    actor: User, environment: LearningEnvironment, action: ReportAction | str
) -> ReportState:
    """Publish a draft or take a published report back to a draft."""
    step = ReportAction(action)
    if not allows(RULES, step, state_of(environment)):
        raise TransitionNotAllowed(_l("The report is not in a state that allows this."))
    target = RULES[step].target
    # Both of the report's actions lead to a state (the table says which).
    assert target is not None
    if target == ReportState.PUBLISHED:
        _check_active(environment.unit)
        if not environment.qualification_units:
            raise DomainError(_l("Add at least one qualification unit before publishing."))
        environment.published_at = utcnow()
    else:
        environment.published_at = None
    environment.updated_at = utcnow()
    environment.updated_by = actor
    db.session.flush()
    audit.record(f"catalogue.report.{step}", actor=actor, target=environment)
    return target


def save_qualification_unit(
    actor: User,
    environment: LearningEnvironment,
    qualification_unit: QualificationUnit | None,
    details: UnitDetails,
) -> QualificationUnit:
    clash = next(
        (
            q
            for q in environment.qualification_units
            if q is not qualification_unit
            and search.fold(q.qualification) == search.fold(details.qualification)
            and search.fold(q.name) == search.fold(details.name)
        ),
        None,
    )
    if clash is not None:
        raise DomainError(
            _l("The report already lists this qualification unit of the qualification."),
            field="name",
        )
    if qualification_unit is None:
        qualification_unit = QualificationUnit(environment=environment)
        db.session.add(qualification_unit)
    qualification_unit.qualification = details.qualification
    qualification_unit.name = details.name
    qualification_unit.code = details.code.upper()
    qualification_unit.can_host_demonstration = details.can_host_demonstration
    qualification_unit.can_issue_certificate = details.can_issue_certificate
    qualification_unit.search_text = search.index_text(
        details.qualification, details.name, details.code
    )
    environment.updated_at = utcnow()
    environment.updated_by = actor
    db.session.flush()
    return qualification_unit


def delete_qualification_unit(actor: User, qualification_unit: QualificationUnit) -> None:
    """Remove a unit from the report; a published report keeps at least one."""
    environment = qualification_unit.environment
    if environment.is_published and len(environment.qualification_units) == 1:
        raise DomainError(
            _l("A published report lists at least one qualification unit. Add another first.")
        )
    environment.qualification_units.remove(qualification_unit)
    environment.updated_at = utcnow()
    environment.updated_by = actor
    db.session.flush()
