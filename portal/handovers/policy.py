"""Who sees a hand-over and who acts on it: the placement's need to know.

A hand-over is seen by exactly those who see its placement (404 for everyone else, and at
once for a third party whose consent is withdrawn). The placement's team keepers — its two
parties' coordinators and the team's members of the two parties — record a hand-over and
call it off; only the receiving person confirms it.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from portal.auth.models import User
from portal.core.authz import VIEW, Policy, policy
from portal.handovers.models import Handover
from portal.placements.enums import PlacementStatus
from portal.placements.models import Placement
from portal.placements.policy import may_keep_team, placement_scope, sees

CONFIRM = "confirm"
CALL_OFF = "call_off"

# A hand-over is arranged while the placement is under way; completing or interrupting it
# then waits for the receiver (placements.extension_points.holds_open).
RECORDED_IN = frozenset({PlacementStatus.ONGOING})


def may_record(user: User, placement: Placement) -> bool:
    """May the user record a hand-over of this placement now?"""
    return placement.status in RECORDED_IN and may_keep_team(user, placement)


@policy
class HandoverPolicy(Policy[Handover]):
    model = Handover

    def scope(self, user: User) -> ColumnElement[bool]:
        return Handover.placement_id.in_(sa.select(Placement.id).where(placement_scope(user)))

    def permits(self, user: User, action: str, obj: Handover) -> bool:
        if action == VIEW:
            return sees(user, obj.placement)
        if action == CONFIRM:
            # Whether it is still open is the service's to say (409 with the reason).
            return obj.receiver_id == user.id and sees(user, obj.placement)
        if action == CALL_OFF:
            return may_keep_team(user, obj.placement)
        return False
