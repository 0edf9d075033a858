"""The placement workflow (DESIGN §2.2) as one explicit table.

``draft → submitted → accepted | declined → agreed → ongoing → completed | interrupted``,
and ``cancelled`` from draft or submitted by the sender. *Agreed* is reached when both
contact persons have signed the per-trainee agreement. A placement that was accepted or
agreed but will not start can be interrupted, so that nothing is left hanging.

Each rule says from which states an action is allowed, the state it leads to (None: the
state stays), which side may take it and whether only coordinators may, and in which
states it counts as *new work*, which a withdrawn party may no longer start.
The policy reads the sides and roles from here; the services read the states.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from portal.core.transitions import Transition, states
from portal.placements.enums import PlacementStatus as S


class Action(enum.StrEnum):
    EDIT = "edit"
    SUBMIT = "submit"
    CANCEL = "cancel"
    ACCEPT = "accept"
    DECLINE = "decline"
    SIGN = "sign"
    AMEND = "amend"
    START = "start"
    COMPLETE = "complete"
    INTERRUPT = "interrupt"
    DEMONSTRATE = "demonstrate"
    COMMENT = "comment"
    # The education provider records a qualification unit completed, with its date.
    RECORD_UNIT = "record_unit"


class Side(enum.StrEnum):
    SENDER = "sender"
    RECEIVER = "receiver"
    EITHER = "either"
    # The education provider of the placement, whichever direction it goes.
    PROVIDER = "provider"


@dataclass(frozen=True)
class Rule(Transition[S]):
    side: Side
    coordinators_only: bool
    # States in which taking the action starts something new.
    new_work_in: frozenset[S] = frozenset()


RULES: dict[Action, Rule] = {
    Action.EDIT: Rule(states(S.DRAFT), None, Side.SENDER, False),
    Action.SUBMIT: Rule(states(S.DRAFT), S.SUBMITTED, Side.SENDER, False, states(S.DRAFT)),
    Action.CANCEL: Rule(states(S.DRAFT, S.SUBMITTED), S.CANCELLED, Side.SENDER, False),
    Action.ACCEPT: Rule(states(S.SUBMITTED), S.ACCEPTED, Side.RECEIVER, True, states(S.SUBMITTED)),
    Action.DECLINE: Rule(states(S.SUBMITTED), S.DECLINED, Side.RECEIVER, True),
    # Signing the first version makes the placement agreed once both have signed (AGREED_BY
    # below); signing an amendment keeps the state.
    Action.SIGN: Rule(
        states(S.ACCEPTED, S.AGREED, S.ONGOING), None, Side.EITHER, True, states(S.ACCEPTED)
    ),
    Action.AMEND: Rule(states(S.ACCEPTED, S.AGREED, S.ONGOING), None, Side.EITHER, True),
    Action.START: Rule(states(S.AGREED), S.ONGOING, Side.EITHER, True, states(S.AGREED)),
    Action.COMPLETE: Rule(states(S.ONGOING), S.COMPLETED, Side.EITHER, True),
    Action.INTERRUPT: Rule(
        states(S.ACCEPTED, S.AGREED, S.ONGOING), S.INTERRUPTED, Side.EITHER, True
    ),
    Action.DEMONSTRATE: Rule(
        states(S.ACCEPTED, S.AGREED, S.ONGOING, S.COMPLETED), None, Side.EITHER, False
    ),
    Action.COMMENT: Rule(frozenset(S), None, Side.EITHER, False),
    # During the period and after it, also once it is finished: a unit may be completed later.
    Action.RECORD_UNIT: Rule(
        states(S.ONGOING, S.COMPLETED, S.INTERRUPTED), None, Side.PROVIDER, False
    ),
}

# The second signature of a version signed in this state moves the placement on.
AGREED_BY_SIGNING: dict[S, S] = {S.ACCEPTED: S.AGREED}

# States in which the placement is finished: nothing changes any more but the thread.
FINAL = states(S.DECLINED, S.COMPLETED, S.INTERRUPTED, S.CANCELLED)


def allows(action: Action | str, status: S) -> bool:
    """Is ``action`` allowed from ``status``?"""
    return RULES[Action(action)].allows(status)


def is_new_work(action: Action, status: S) -> bool:
    return status in RULES[action].new_work_in
