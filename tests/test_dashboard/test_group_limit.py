"""A group lists its first eight items, counts them all and links to the rest."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from portal.auth.models import User
from portal.placements.models import PlacementStatus
from tests import factories
from tests.factories.base import days_from_today
from tests.people import People

S = PlacementStatus
FrontPage = Callable[[User], dict[str, str]]


def test_the_first_eight_of_many_are_listed_and_all_are_counted(
    people: People, front_page: FrontPage
) -> None:
    for n in range(11):
        factories.PlacementFactory(
            reference=f"LUOVI-{n:02d}",
            sender=people.provider,
            receiver=people.workshop,
            status=S.SUBMITTED,
        )
    waiting = front_page(people.workshop_coordinator)["waiting"]
    assert "Waiting for me 11 Requests to decide 11 " in waiting
    # The oldest submissions first; the rest behind the link.
    assert all(f"LUOVI-{n:02d}" in waiting for n in range(8))
    assert not any(f"LUOVI-{n:02d}" in waiting for n in range(8, 11))
    assert "All 11 – Requests to decide" in waiting


def test_starts_and_ends_are_merged_in_order_and_each_is_counted(
    people: People, front_page: FrontPage
) -> None:
    pair = {"sender": people.provider, "receiver": people.workshop}
    for n in range(5):
        factories.PlacementFactory(
            reference=f"START-{n}", status=S.AGREED, start_on=days_from_today(2 * n + 1), **pair
        )
        factories.PlacementFactory(
            reference=f"END-{n}",
            status=S.ONGOING,
            start_on=days_from_today(-90),
            end_on=days_from_today(2 * n + 2),
            **pair,
        )
    # A quota period that both starts and ends in the window is two moments.
    factories.QuotaFactory(
        workshop=people.workshop,
        provider=people.provider,
        start_on=days_from_today(3),
        end_on=days_from_today(3) + timedelta(days=20),
        reply_by=days_from_today(1),
    )
    coming = front_page(people.workshop_coordinator)["coming"]
    assert "Placements starting and ending 10" in coming
    listed = [f"START-{n} starts" for n in range(4)] + [f"END-{n} ends" for n in range(4)]
    assert all(moment in coming for moment in listed)
    assert "START-4" not in coming and "END-4" not in coming
    # Day by day: start 1, end 2, start 3, …
    positions = [coming.index(m) for m in ("START-0", "END-0", "START-1", "END-1", "START-3")]
    assert positions == sorted(positions)
    assert "Quota periods starting and ending 2" in coming
