"""State transitions in one shape, the one of ``placements/workflow.py``.

A feature names its actions in an enum and writes one table: for each action, the states it
may be taken from and the state it leads to. The service asks the table before it changes
anything, so a step that is not allowed is refused whole, never half-applied.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

S = TypeVar("S")
A = TypeVar("A")


def states(*names: S) -> frozenset[S]:
    return frozenset(names)


@dataclass(frozen=True)
class Transition(Generic[S]):
    """From which states an action may be taken, and the state it leads to."""

    sources: frozenset[S]
    # None: the action changes something else and the state stays.
    target: S | None

    def allows(self, state: S) -> bool:
        return state in self.sources


def allows(table: Mapping[A, Transition[S]], action: A, state: S) -> bool:
    """Is ``action`` allowed from ``state``? An action the table does not know is not."""
    rule = table.get(action)
    return rule is not None and rule.allows(state)


def leads_to(table: Mapping[A, Transition[S]], state: S, target: S) -> bool:
    """Does an action allowed from ``state`` lead to ``target``? For a form that asks for the
    new state itself rather than for the action."""
    return any(rule.target == target and rule.allows(state) for rule in table.values())
