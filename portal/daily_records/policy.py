"""Who reads and who writes a workshop period's daily records: need to know (DESIGN §2.7).

Built on the placements policy: nothing is read of a placement the user cannot see.

* Read: the team's members of the two parties (the provider's teacher and study counsellor
  too) and the two parties' coordinators. A third party's person on the team (a social worker
  by the young person's consent) sees the placement but not its days; a party's staff who see
  the placement only because it is done at their unit do not read them either.
* Write: the workshop's side — its team members who coach (job coach, individual coach) and
  its coordinators.
* Close a month: the workshop's coordinators.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from portal.auth.models import User
from portal.core.authz import VIEW, Policy, policy
from portal.daily_records.models import ClosedMonth, DailyRecord
from portal.placements.enums import Direction, TeamRole
from portal.placements.models import Placement
from portal.placements.policy import membership, placement_scope, sees
from portal.placements.team_models import TeamMember

# Actions on a placement's records, beside VIEW.
RECORD = "record"
CLOSE = "close"

COACHES = (TeamRole.JOB_COACH, TeamRole.INDIVIDUAL_COACH)


def _own_team_ids(user: User, roles: tuple[TeamRole, ...] = ()) -> sa.Select[Any]:
    """The placements the user is on the team of for their own party (never by a consent)."""
    stmt = sa.select(TeamMember.placement_id).where(
        TeamMember.user_id == user.id, TeamMember.consent_id.is_(None)
    )
    if roles:
        stmt = stmt.where(TeamMember.role.in_(roles))
    return stmt


def readable_scope(user: User) -> ColumnElement[bool]:
    """The workshop periods whose daily records the user may read."""
    if user.party_id is None:
        return sa.false()
    involved = sa.or_(
        Placement.sender_party_id == user.party_id, Placement.receiver_party_id == user.party_id
    )
    reason = sa.true() if user.is_coordinator else Placement.id.in_(_own_team_ids(user))
    return sa.and_(
        placement_scope(user), Placement.direction == Direction.TO_WORKSHOP, involved, reason
    )


def writable_scope(user: User) -> ColumnElement[bool]:
    """The workshop periods whose days the user may write: their own workshop's."""
    if user.party_id is None:
        return sa.false()
    reason = sa.true() if user.is_coordinator else Placement.id.in_(_own_team_ids(user, COACHES))
    return sa.and_(
        placement_scope(user),
        Placement.direction == Direction.TO_WORKSHOP,
        Placement.receiver_party_id == user.party_id,
        reason,
    )


def _own_member(user: User, placement: Placement) -> Any:
    member = membership(user, placement)
    return member if member is not None and member.consent_id is None else None


def may_read(user: User, placement: Placement) -> bool:
    """:func:`readable_scope` for one placement already loaded with its team."""
    if placement.direction != Direction.TO_WORKSHOP or not placement.involves(user.party_id):
        return False
    if not sees(user, placement):
        return False
    return user.is_coordinator or _own_member(user, placement) is not None


def may_record(user: User, placement: Placement) -> bool:
    if placement.direction != Direction.TO_WORKSHOP:
        return False
    if user.party_id != placement.receiver_party_id or not sees(user, placement):
        return False
    if user.is_coordinator:
        return True
    member = _own_member(user, placement)
    return member is not None and member.role in COACHES


def may_close(user: User, placement: Placement) -> bool:
    return (
        placement.direction == Direction.TO_WORKSHOP
        and user.is_coordinator
        and user.party_id == placement.receiver_party_id
        and sees(user, placement)
    )


@policy
class DailyRecordPolicy(Policy[DailyRecord]):
    """A day's entry is read by those who read its period's records."""

    model = DailyRecord

    def scope(self, user: User) -> ColumnElement[bool]:
        return DailyRecord.placement_id.in_(sa.select(Placement.id).where(readable_scope(user)))

    def permits(self, user: User, action: str, obj: DailyRecord) -> bool:
        if action == VIEW:
            return may_read(user, obj.placement)
        if action == RECORD:
            return may_record(user, obj.placement)
        return False


@policy
class ClosedMonthPolicy(Policy[ClosedMonth]):
    model = ClosedMonth

    def scope(self, user: User) -> ColumnElement[bool]:
        return ClosedMonth.placement_id.in_(sa.select(Placement.id).where(readable_scope(user)))

    def permits(self, user: User, action: str, obj: ClosedMonth) -> bool:
        return action == VIEW and may_read(user, obj.placement)
