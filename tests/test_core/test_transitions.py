"""Every transition table of the portal has the one shape of ``placements/workflow.py``."""

from __future__ import annotations

import enum
import importlib
import re
from pathlib import Path

import pytest

from portal.core.transitions import Transition, allows, leads_to, states


class Light(enum.StrEnum):
    RED = "red"
    GREEN = "green"


class Turn(enum.StrEnum):
    GO = "go"
    STOP = "stop"
    CHECK = "check"


TABLE = {
    Turn.GO: Transition(states(Light.RED), Light.GREEN),
    Turn.STOP: Transition(states(Light.GREEN), Light.RED),
    Turn.CHECK: Transition(states(Light.RED, Light.GREEN), None),
}


def test_an_action_is_allowed_only_from_its_sources() -> None:
    assert allows(TABLE, Turn.GO, Light.RED)
    assert not allows(TABLE, Turn.GO, Light.GREEN)
    assert allows(TABLE, Turn.CHECK, Light.GREEN)
    # An action the table does not know is refused, not an error.
    assert not allows(TABLE, "jump", Light.RED)  # type: ignore[arg-type]


def test_a_new_state_is_allowed_when_an_action_from_the_current_one_leads_there() -> None:
    assert leads_to(TABLE, Light.RED, Light.GREEN)
    assert not leads_to(TABLE, Light.GREEN, Light.GREEN)
    assert leads_to(TABLE, Light.GREEN, Light.RED)


TABLES = [
    "portal.placements.workflow",
    "portal.catalogue.service",
    "portal.annual_calendar.decisions",
    "portal.documents.disclosure",
    "portal.outbox.service",
    "portal.invoicing.workflow",
    "portal.follow_up.workflow",
]


@pytest.mark.parametrize("module", TABLES)
def test_each_feature_names_its_actions_and_writes_one_table(module: str) -> None:
    rules = importlib.import_module(module).RULES
    assert rules and all(isinstance(action, enum.Enum) for action in rules)
    assert all(isinstance(rule, Transition) for rule in rules.values())


def test_no_transition_table_of_another_shape_is_left() -> None:
    package = Path(__file__).resolve().parents[2] / "portal"
    shaped = {
        str(path.relative_to(package.parent))
        for path in package.rglob("*.py")
        if re.search(r"^[A-Z_]*(TRANSITIONS|DECISIONS)\b.*=", path.read_text(), re.M)
    }
    assert shaped == set()
    tables = {
        str(path.relative_to(package.parent)).removesuffix(".py").replace("/", ".")
        for path in package.rglob("*.py")
        if re.search(r"^RULES\b.*=", path.read_text(), re.M)
    }
    assert tables == set(TABLES)
