"""The day screen runs as many SQL statements for two trainees as for a page full of them,
each with the day's entry and the month closed: no statement per row."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from flask.testing import FlaskClient

from portal.auth.models import User
from portal.core.dates import today
from portal.daily_records.days import month_of, previous_month
from portal.placements.models import PlacementStatus
from tests import factories
from tests.factories.placements import team_member_of
from tests.people import People
from tests.test_performance.counting import MOST_STATEMENTS, statements_of, summary

SMALL, LARGE = 2, 30


def _grow(people: People, count: int, start: int) -> None:
    """``count`` ongoing workshop periods with Sanna as their job coach, each with today's
    entry, a closed last month and a correction of one of its days."""
    last_month = previous_month(month_of(today()))
    for n in range(start, start + count):
        placement = factories.PlacementFactory(
            sender=people.provider,
            receiver=people.workshop,
            status=PlacementStatus.ONGOING,
            started_on=today() - timedelta(days=60),
            reference=f"LUOVI-2026-{n:03d}",
        )
        placement.team.append(team_member_of(placement, people.workshop_staff))
        factories.DailyRecordFactory(placement=placement)
        factories.DailyRecordFactory(placement=placement, day=last_month)
        factories.DailyRecordFactory(placement=placement, day=last_month, revision=2, ill=True)
        factories.ClosedMonthFactory(placement=placement, month=last_month)
    factories.DailyRecordFactory._meta.sqlalchemy_session_factory().commit()


def test_the_day_screen_runs_the_same_few_statements_however_many_trainees(
    people: People, login: Callable[[User], FlaskClient]
) -> None:
    clients = [login(people.workshop_staff), login(people.workshop_coordinator)]
    # Today's screen, and a day of the closed month (each row offers its correction).
    addresses = ["/daily-records/", f"/daily-records/?day={previous_month(month_of(today()))}"]
    _grow(people, SMALL, 0)
    small = [statements_of(c, a) for c in clients for a in addresses]
    _grow(people, LARGE - SMALL, 100)
    large = [statements_of(c, a) for c in clients for a in addresses]
    for before, after in zip(small, large, strict=True):
        assert len(before) == len(after) <= MOST_STATEMENTS, summary(after)
