"""Who sees a placement, and who acts on it: need to know (DESIGN §2.7).

* The coordinators of the two parties see all of their party's placements — the receiver's
  once the request has been submitted, never the sender's draft.
* A party's other staff see the placements whose team they are on, and, where their party
  has chosen so (``Party.staff_see_unit_placements``), those done at their own unit.
* A person of a third party (the social services, another party) sees a placement only
  while on its team, which takes the young person's valid consent for that party; nothing
  else of either party.

Everyone else gets 404. The young person's full name is shown only to the team and to the
two parties' coordinators (:func:`knows_identity`). An action needs the placement to be seen
first; who may take it is read from the workflow table (side and role), whether the current
state allows it is the service's to say. The team is kept by the two parties' coordinators
and by the team's own members of the two parties (:func:`may_keep_team`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement

from portal.auth.models import User
from portal.core.authz import VIEW, Policy, policy
from portal.core.dates import today
from portal.placements.access_models import PlacementAccess
from portal.placements.models import Demonstration, Direction, Placement
from portal.placements.team_models import Consent, TeamMember
from portal.placements.workflow import FINAL, RULES, Action, Side

# The team's own actions, beside the workflow's.
KEEP_TEAM = "keep_team"
KEEP_CONSENT = "keep_consent"
# Reading who opened the views that show the young person's full name.
READ_ACCESS_LOG = "read_access_log"


def _party_side(user: User) -> ColumnElement[bool]:
    return sa.or_(
        Placement.sender_party_id == user.party_id,
        sa.and_(
            Placement.receiver_party_id == user.party_id,
            Placement.submitted_at.is_not(None),
        ),
    )


def valid_consent_ids(on: date | None = None) -> sa.Select[Any]:
    on = on or today()
    return sa.select(Consent.id).where(
        Consent.withdrawn_at.is_(None), Consent.given_on <= on, Consent.valid_until >= on
    )


def team_placement_ids(user: User) -> sa.Select[Any]:
    """The placements the user is on the team of; a third party's place lasts as long as
    the consent it was given by."""
    return sa.select(TeamMember.placement_id).where(_on_team(user))


def _on_team(user: User) -> ColumnElement[bool]:
    return sa.and_(
        TeamMember.user_id == user.id,
        sa.or_(TeamMember.consent_id.is_(None), TeamMember.consent_id.in_(valid_consent_ids())),
    )


def _sees_unit(user: User) -> bool:
    party = user.party
    return user.unit_id is not None and party is not None and party.staff_see_unit_placements


def placement_scope(user: User) -> ColumnElement[bool]:
    if user.party_id is None:
        return sa.false()
    return Placement.id.in_(visible_placement_ids(user))


def visible_placement_ids(user: User) -> sa.CompoundSelect:
    """The ids of the placements the user sees, as a union of parts that each read an index.

    The rule written as one condition (sender, or submitted receiver, or on the team) makes
    the databases read every placement: an OR with a subquery in it uses no index. Each part
    here reads only its own rows (by sender, by receiver, by team member, by unit).
    """
    party_id = user.party_id
    seen = aliased(Placement)
    by_sender = sa.select(seen.id).where(seen.sender_party_id == party_id)
    by_receiver = sa.select(seen.id).where(
        seen.receiver_party_id == party_id, seen.submitted_at.is_not(None)
    )
    on_team = (
        sa.select(seen.id)
        .join(TeamMember, TeamMember.placement_id == seen.id)
        .where(_on_team(user))
    )
    as_third_party = sa.and_(seen.sender_party_id != party_id, seen.receiver_party_id != party_id)
    if user.is_coordinator:
        return sa.union_all(by_sender, by_receiver, on_team.where(as_third_party))
    own_side = sa.or_(
        seen.sender_party_id == party_id,
        sa.and_(seen.receiver_party_id == party_id, seen.submitted_at.is_not(None)),
    )
    parts = [on_team.where(sa.or_(own_side, as_third_party))]
    if _sees_unit(user):
        parts.append(sa.select(seen.id).where(seen.workshop_unit_id == user.unit_id, own_side))
    return sa.union_all(*parts)


def membership(user: User, placement: Placement) -> TeamMember | None:
    """The user's place on the team, while it lasts."""
    return next(
        (
            m
            for m in placement.team
            if m.user_id == user.id and (m.consent is None or m.consent.is_valid())
        ),
        None,
    )


def sees(user: User, placement: Placement) -> bool:
    """:func:`placement_scope` for one placement already loaded; the team is read only when
    the answer depends on it, so that lists of a coordinator's placements load no teams."""
    party_id = user.party_id
    if party_id is None:
        return False
    if not placement.involves(party_id):
        return membership(user, placement) is not None
    own = placement.sender_party_id == party_id or placement.submitted_at is not None
    if not own:
        return False
    if user.is_coordinator:
        return True
    if _sees_unit(user) and placement.workshop_unit_id == user.unit_id:
        return True
    return membership(user, placement) is not None


def knows_identity(user: User, placement: Placement) -> bool:
    """May the user read the young person's full name and contact details?"""
    if not sees(user, placement):
        return False
    return (user.is_coordinator and placement.involves(user.party_id)) or (
        membership(user, placement) is not None
    )


def may_keep_team(user: User, placement: Placement) -> bool:
    """The two parties' coordinators and the team's members of the two parties add and
    remove people, and record and withdraw the consent."""
    if not sees(user, placement) or not placement.involves(user.party_id):
        return False
    return user.is_coordinator or membership(user, placement) is not None


def may_act(user: User, action: Action, placement: Placement) -> bool:
    """Does the user see the placement, and are they on the side, and in the role, that the
    workflow names for ``action``?"""
    rule = RULES[action]
    if rule.coordinators_only and not user.is_coordinator:
        return False
    if not sees(user, placement):
        return False
    if rule.side == Side.SENDER:
        return user.party_id == placement.sender_party_id
    if rule.side == Side.RECEIVER:
        return user.party_id == placement.receiver_party_id
    if rule.side == Side.PROVIDER:
        provider_id = (
            placement.receiver_party_id
            if placement.direction == Direction.TO_STUDIES
            else placement.sender_party_id
        )
        return user.party_id == provider_id
    return placement.involves(user.party_id)


def may_record_result(user: User, placement: Placement) -> bool:
    """The education provider's people who may plan a demonstration record its result."""
    return may_act(user, Action.DEMONSTRATE, placement) and user.party_id == placement.provider.id


@policy
class PlacementPolicy(Policy[Placement]):
    model = Placement

    def scope(self, user: User) -> ColumnElement[bool]:
        return placement_scope(user)

    def permits(self, user: User, action: str, obj: Placement) -> bool:
        if action == VIEW:
            return sees(user, obj)
        if action == KEEP_TEAM:
            return obj.status not in FINAL and may_keep_team(user, obj)
        if action == KEEP_CONSENT:
            # Withdrawing a consent is the young person's right in every state.
            return may_keep_team(user, obj)
        if action == READ_ACCESS_LOG:
            return reads_access_log(user, obj)
        if action not in Action.__members__.values():
            return False
        return may_act(user, Action(action), obj)


def reads_access_log(user: User, placement: Placement) -> bool:
    """The coordinators of the two parties, as the controllers of the young person's data."""
    return user.is_coordinator and sees(user, placement) and placement.involves(user.party_id)


@policy
class PlacementAccessPolicy(Policy[PlacementAccess]):
    """A placement's access log is read by the two parties' coordinators only."""

    model = PlacementAccess

    def scope(self, user: User) -> ColumnElement[bool]:
        if not user.is_coordinator or user.party_id is None:
            return sa.false()
        own = sa.select(Placement.id).where(
            _party_side(user),
            sa.or_(
                Placement.sender_party_id == user.party_id,
                Placement.receiver_party_id == user.party_id,
            ),
        )
        return PlacementAccess.placement_id.in_(own)

    def permits(self, user: User, action: str, obj: PlacementAccess) -> bool:
        return action == VIEW


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
