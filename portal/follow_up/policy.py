"""Who sees and answers a follow-up: exactly those who see its placement (need to know).

A follow-up is fetched only through the placements' own scope, so staff not on the team, a
third party without a valid consent and another party's people get 404, and a third party's
person sees the follow-ups of the one placement whose team they are on — no longer than
the consent lasts.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from portal.auth.models import User
from portal.core.authz import VIEW, Policy, policy
from portal.follow_up.models import FollowUp
from portal.placements.models import Placement
from portal.placements.policy import placement_scope, sees

ANSWER = "answer"


def seen_placement_ids(user: User) -> sa.Select[Any]:
    return sa.select(Placement.id).where(placement_scope(user))


@policy
class FollowUpPolicy(Policy[FollowUp]):
    model = FollowUp

    def scope(self, user: User) -> ColumnElement[bool]:
        return FollowUp.placement_id.in_(seen_placement_ids(user))

    def permits(self, user: User, action: str, obj: FollowUp) -> bool:
        # Whoever sees the placement may tell where the young person is now.
        return action in (VIEW, ANSWER) and sees(user, obj.placement)
