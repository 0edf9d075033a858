"""The front page tells the team of a placement without the young person's consent."""

from __future__ import annotations

from collections.abc import Callable

from portal.auth.models import User
from tests import factories
from tests.people import People
from tests.test_dashboard.conftest import S

FrontPage = Callable[[User], dict[str, str]]


def test_the_team_is_asked_for_the_consent_until_a_valid_one_is_recorded(
    people: People, front_page: FrontPage
) -> None:
    placement = factories.PlacementFactory(
        reference="LUOVI-C",
        sender=people.provider,
        receiver=people.workshop,
        status=S.AGREED,
        team=[people.workshop_staff],
    )
    factories.PlacementFactory(
        reference="LUOVI-X",
        sender=people.provider,
        receiver=people.workshop,
        status=S.AGREED,
    )
    waiting = front_page(people.workshop_staff)["waiting"]
    assert "The young person's consent to record 1 Consent of LUOVI-C" in waiting
    assert "LUOVI-X" not in waiting
    # Not the coordinator's to do unless on the team.
    assert "LUOVI-C" not in front_page(people.workshop_coordinator)["waiting"]

    factories.ConsentFactory(placement=placement, parties=[people.provider, people.workshop])
    assert "LUOVI-C" not in front_page(people.workshop_staff)["waiting"]
