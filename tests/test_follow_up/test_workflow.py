"""Every action on a follow-up from every state: the table against the states written out by
hand, and the service taking each action exactly where the table allows it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from portal.core.dates import today
from portal.core.errors import DomainError
from portal.follow_up import service
from portal.follow_up.enums import Source
from portal.follow_up.workflow import RULES, Action, FollowUpState, allows, state_of
from portal.placements.models import NextStep, PlacementStatus
from tests import factories
from tests.factories import PlacementBuilder
from tests.people import People

F = FollowUpState
# A follow-up waits for its answer; once answered it may be corrected, never asked again.
ALLOWED: dict[str, set[FollowUpState]] = {
    "answer": {F.ASKED, F.ANSWERED},
    "ask": {F.ASKED},
}
TARGET = {"answer": F.ANSWERED}
CASES = [(action, state) for action in ALLOWED for state in F]


def test_the_table_knows_every_action_and_nothing_else() -> None:
    assert {str(action) for action in RULES} == set(ALLOWED)
    for action, rule in RULES.items():
        assert set(rule.sources) == ALLOWED[action]
        assert rule.target == TARGET.get(action)


@pytest.mark.parametrize(("action", "state"), CASES, ids=[f"{a}-from-{s}" for a, s in CASES])
def test_the_service_takes_each_action_exactly_where_the_table_allows_it(
    action: str,
    state: FollowUpState,
    people: People,
    make_placement: PlacementBuilder,
    db: Any,
    request_context: None,
) -> None:
    placement = make_placement(PlacementStatus.COMPLETED)
    answered = (
        {"situation": NextStep.WORK, "source": Source.TEAM, "answered_at": datetime.now(UTC)}
        if state == F.ANSWERED
        else {}
    )
    follow_up = factories.FollowUpFactory(
        placement=placement, due_on=today(), asked_id=people.workshop_staff.id, **answered
    )
    db.session.commit()
    assert state_of(follow_up) == state
    assert allows(Action(action), follow_up) == (state in ALLOWED[action])
    before = (follow_up.situation, follow_up.answered_at, follow_up.asked_id)

    def perform() -> None:
        if action == "answer":
            given = service.Answer(NextStep.STUDIES, Source.SCHOOL, "Puuseppäalan perustutkinto")
            service.answer(people.workshop_coordinator, follow_up, given)
        else:
            service.ask(people.workshop_coordinator, follow_up, people.provider_staff.id)

    if state in ALLOWED[action]:
        perform()
        db.session.commit()
        assert (follow_up.situation, follow_up.answered_at, follow_up.asked_id) != before
        assert state_of(follow_up) == TARGET.get(action, state)
    else:
        with pytest.raises(DomainError):
            perform()
        db.session.rollback()
        assert (follow_up.situation, follow_up.answered_at, follow_up.asked_id) == before
