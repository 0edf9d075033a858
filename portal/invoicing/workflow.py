"""The invoice basis's states as one table, in the shape of ``placements/workflow.py``.

``open → confirmed | disputed``, ``confirmed → disputed``, ``disputed → confirmed | open``:
the education provider's coordinator confirms a final basis that is not confirmed yet, or
disputes one of its lines at any time; the workshop's coordinator answers a dispute and the
basis is open again.

Confirming and disputing are asked of the state as both parties read it
(:func:`portal.invoicing.service.state_of`: a decision on other figures no longer holds, so
the basis reads as open again — derived, never a step of its own). Answering is asked of the
dispute as it was recorded: it stands until it is answered, also when the figures changed.
"""

from __future__ import annotations

import enum

from portal.core.transitions import Transition, allows, states
from portal.invoicing.models import BasisState as S

__all__ = ["RULES", "Action", "allows"]


class Action(enum.StrEnum):
    CONFIRM = "confirm"
    DISPUTE = "dispute"
    # The workshop answers a dispute: the basis is open again.
    ANSWER = "answer"


RULES: dict[Action, Transition[S]] = {
    Action.CONFIRM: Transition(states(S.OPEN, S.DISPUTED), S.CONFIRMED),
    Action.DISPUTE: Transition(frozenset(S), S.DISPUTED),
    Action.ANSWER: Transition(states(S.DISPUTED), S.OPEN),
}
