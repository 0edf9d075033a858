"""Only the two parties involved see a placement; everyone else gets 404.

The receiver sees a request once it has been submitted, never the sender's draft. Staff
see their own party's placements; who may take each action is read from the workflow
table (side and role); whether the current state allows it is the service's to say.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from portal.auth.models import User
from portal.core.authz import VIEW, Policy, policy
from portal.placements.models import Demonstration, Placement
from portal.placements.workflow import RULES, Action, Side


def placement_scope(user: User) -> ColumnElement[bool]:
    if user.party_id is None:
        return sa.false()
    return sa.or_(
        Placement.sender_party_id == user.party_id,
        sa.and_(
            Placement.receiver_party_id == user.party_id,
            Placement.submitted_at.is_not(None),
        ),
    )


def may_act(user: User, action: Action, placement: Placement) -> bool:
    """Is the user on the side, and in the role, that the workflow names for ``action``?"""
    rule = RULES[action]
    if rule.coordinators_only and not user.is_coordinator:
        return False
    if rule.side == Side.SENDER:
        return user.party_id == placement.sender_party_id
    if rule.side == Side.RECEIVER:
        return user.party_id == placement.receiver_party_id
    return placement.involves(user.party_id)


@policy
class PlacementPolicy(Policy[Placement]):
    model = Placement

    def scope(self, user: User) -> ColumnElement[bool]:
        return placement_scope(user)

    def permits(self, user: User, action: str, obj: Placement) -> bool:
        if action == VIEW:
            return obj.involves(user.party_id)
        if action not in Action.__members__.values():
            return False
        return may_act(user, Action(action), obj)


def actions_for(user: User, placement: Placement) -> set[Action]:
    """The actions the user may take on the placement in its current state (for buttons)."""
    return {
        action
        for action, rule in RULES.items()
        if placement.status in rule.sources and may_act(user, action, placement)
    }


@policy
class DemonstrationPolicy(Policy[Demonstration]):
    """A demonstration is seen exactly by those who see its placement."""

    model = Demonstration

    def scope(self, user: User) -> ColumnElement[bool]:
        return Demonstration.placement_id.in_(sa.select(Placement.id).where(placement_scope(user)))

    def permits(self, user: User, action: str, obj: Demonstration) -> bool:
        return may_act(user, Action.DEMONSTRATE, obj.placement) if action != VIEW else True
