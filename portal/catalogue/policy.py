"""Everyone signed in reads published reports; a draft is seen only by its own workshop.
Only the workshop's coordinators edit: one named for a unit edits that unit's report,
a coordinator of the whole party every report of the party."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from portal.auth.models import User
from portal.catalogue.models import LearningEnvironment, QualificationUnit
from portal.core.authz import EDIT, Policy, policy
from portal.parties.models import PartyKind, Unit


def may_report_on(user: User, unit: Unit) -> bool:
    """May the user write the learning-environment report of this unit?"""
    return (
        user.is_coordinator
        and user.party_id == unit.party_id
        and unit.party.kind == PartyKind.WORKSHOP
        and (user.unit_id is None or user.unit_id == unit.id)
    )


def _environment_scope(user: User) -> ColumnElement[bool]:
    published = LearningEnvironment.published_at.is_not(None)
    if user.party_id is None:
        return published
    own_units = sa.select(Unit.id).where(Unit.party_id == user.party_id)
    return sa.or_(published, LearningEnvironment.unit_id.in_(own_units))


@policy
class LearningEnvironmentPolicy(Policy[LearningEnvironment]):
    model = LearningEnvironment

    def scope(self, user: User) -> ColumnElement[bool]:
        return _environment_scope(user)

    def permits(self, user: User, action: str, obj: LearningEnvironment) -> bool:
        return action == EDIT and may_report_on(user, obj.unit)


@policy
class QualificationUnitPolicy(Policy[QualificationUnit]):
    model = QualificationUnit

    def scope(self, user: User) -> ColumnElement[bool]:
        visible = sa.select(LearningEnvironment.id).where(_environment_scope(user))
        return QualificationUnit.environment_id.in_(visible)

    def permits(self, user: User, action: str, obj: QualificationUnit) -> bool:
        return action == EDIT and may_report_on(user, obj.environment.unit)
