"""Every action on an invoice basis from every state: the table against the states written out
by hand, and the service taking each action exactly where the table allows it."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from portal.core.errors import DomainError
from portal.invoicing import service
from portal.invoicing.basis import count
from portal.invoicing.models import BasisState, InvoiceBasis, InvoiceBasisComment
from portal.invoicing.workflow import RULES, Action, allows
from portal.placements.models import Placement
from tests.people import People
from tests.test_invoicing.conftest import DECEMBER

S = BasisState

# The basis's states as the service describes them, written out independently of the table.
ALLOWED: dict[str, set[BasisState]] = {
    "confirm": {S.OPEN, S.DISPUTED},
    "dispute": {S.OPEN, S.CONFIRMED, S.DISPUTED},
    "answer": {S.DISPUTED},
}
TARGET = {"confirm": S.CONFIRMED, "dispute": S.DISPUTED, "answer": S.OPEN}
CASES = [(action, state) for action in ALLOWED for state in S]


def test_the_table_knows_every_action_and_nothing_else() -> None:
    assert {str(action) for action in RULES} == set(ALLOWED)
    for action, rule in RULES.items():
        assert set(rule.sources) == ALLOWED[action]
        assert rule.target == TARGET[action]


@pytest.mark.parametrize(("action", "state"), CASES, ids=[f"{a}-from-{s}" for a, s in CASES])
def test_the_table_allows_each_action_exactly_from_its_states(
    action: str, state: BasisState
) -> None:
    assert allows(RULES, Action(action), state) == (state in ALLOWED[action])


def _perform(action: str, people: People, closed: Placement) -> None:
    basis = count(people.workshop, people.provider, DECEMBER)
    if action == "confirm":
        service.confirm(people.provider_coordinator, basis)
    elif action == "dispute":
        service.dispute(people.provider_coordinator, basis, closed.id, "Väärä päivä")
    else:
        service.answer(people.workshop_coordinator, basis, "Korjattu")


def _footprint(db: Any) -> tuple[Any, ...]:
    record = db.session.scalars(sa.select(InvoiceBasis)).one()
    comments = db.session.scalar(sa.select(sa.func.count()).select_from(InvoiceBasisComment))
    return record.state, record.figures, record.decided_at, comments


@pytest.mark.parametrize(("action", "state"), CASES, ids=[f"{a}-from-{s}" for a, s in CASES])
def test_the_service_takes_each_action_exactly_where_the_table_allows_it(
    action: str,
    state: BasisState,
    people: People,
    closed: Placement,
    db: Any,
    request_context: None,
) -> None:
    basis = count(people.workshop, people.provider, DECEMBER)
    db.session.add(
        InvoiceBasis(
            workshop_id=people.workshop.id,
            provider_id=people.provider.id,
            month=DECEMBER,
            state=state,
            figures="" if state == S.OPEN else basis.fingerprint,
        )
    )
    db.session.commit()
    before = _footprint(db)

    if state in ALLOWED[action]:
        _perform(action, people, closed)
        db.session.commit()
        assert _footprint(db) != before
        assert _footprint(db)[0] == TARGET[action]
    else:
        with pytest.raises(DomainError):
            _perform(action, people, closed)
        db.session.rollback()
        assert _footprint(db) == before
