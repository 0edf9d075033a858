"""A follow-up's states as one table, in the shape of ``placements/workflow.py``.

``asked → answered``: a follow-up waits for its answer and may be asked of another person of
the team meanwhile; once answered, the answer may still be corrected, but nobody is asked any
more. The state is read from the row (:func:`state_of`: answered once it has an answer); the
moment a follow-up may be answered (not before it is due) is a date, not a state, and stays
with the service.
"""

from __future__ import annotations

import enum

from portal.core.transitions import Transition, states
from portal.core.transitions import allows as _allows
from portal.follow_up.models import FollowUp


class FollowUpState(enum.StrEnum):
    ASKED = "asked"
    ANSWERED = "answered"


class Action(enum.StrEnum):
    # Record the situation, or correct the one recorded.
    ANSWER = "answer"
    # Ask another person of the team; the state stays.
    ASK = "ask"


S = FollowUpState
RULES: dict[Action, Transition[FollowUpState]] = {
    Action.ANSWER: Transition(states(S.ASKED, S.ANSWERED), S.ANSWERED),
    Action.ASK: Transition(states(S.ASKED), None),
}


def state_of(follow_up: FollowUp) -> FollowUpState:
    return S.ANSWERED if follow_up.answered else S.ASKED


def allows(action: Action, follow_up: FollowUp) -> bool:
    """Is ``action`` allowed in the follow-up's state?"""
    return _allows(RULES, action, state_of(follow_up))
