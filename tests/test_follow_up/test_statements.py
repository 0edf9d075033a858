"""The pages of following up ask the database for what they show: as many statements with
many follow-ups due as with one, and at most 15 — the finished placement's page too."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from flask.testing import FlaskClient

from portal.auth.models import User
from portal.core.dates import today
from portal.follow_up.enums import Checkpoint
from portal.placements.models import PlacementStatus
from tests import factories
from tests.factories import PlacementBuilder
from tests.people import People
from tests.test_performance.counting import MOST_STATEMENTS, statements_of, summary

S = PlacementStatus


def _finished(make_placement: PlacementBuilder, people: People, n: int) -> int:
    placement = make_placement(
        S.COMPLETED, reference=f"LUOVI-2026-{n:03d}", ended_on=today() - timedelta(days=190)
    )
    factories.FollowUpFactory(
        placement=placement, checkpoint=Checkpoint.END, due_on=placement.ended_on, answered=True
    )
    for checkpoint in (Checkpoint.MONTHS_3, Checkpoint.MONTHS_6):
        factories.FollowUpFactory(
            placement=placement,
            checkpoint=checkpoint,
            due_on=today() - timedelta(days=10 * checkpoint.months),
            asked_id=people.workshop_staff.id,
        )
    return placement.id


@pytest.mark.parametrize(
    "url", ["/placements/{first}", "/follow-ups/", "/follow-ups/?who=all", "/"]
)
def test_a_page_runs_as_many_statements_with_more_follow_ups(
    people: People,
    make_placement: PlacementBuilder,
    login: Callable[[User], FlaskClient],
    url: str,
) -> None:
    first = _finished(make_placement, people, 1)
    client = login(people.workshop_staff)
    small = statements_of(client, url.format(first=first))
    for n in range(2, 40):
        _finished(make_placement, people, n)
    larger = statements_of(client, url.format(first=first))
    assert len(larger) == len(small), f"{summary(small)}\n---\n{summary(larger)}"
    assert len(larger) <= MOST_STATEMENTS, summary(larger)
