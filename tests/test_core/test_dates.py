from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from portal.core.dates import add_months, today


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2024, 1, 15), 24, date(2026, 1, 15)),
        (date(2024, 2, 29), 24, date(2026, 2, 28)),
        (date(2025, 11, 30), 3, date(2026, 2, 28)),
        (date(2025, 12, 1), 1, date(2026, 1, 1)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 1, 15), -13, date(2024, 12, 15)),
        (date(2026, 5, 20), 0, date(2026, 5, 20)),
    ],
)
def test_months_are_added_as_on_a_calendar(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("instant", "day"),
    [
        # Finnish midnight is 22:00 UTC in winter and 21:00 UTC in summer.
        (datetime(2026, 12, 6, 21, 59, tzinfo=UTC), date(2026, 12, 6)),
        (datetime(2026, 12, 6, 22, 0, tzinfo=UTC), date(2026, 12, 7)),
        (datetime(2026, 6, 30, 21, 0, tzinfo=UTC), date(2026, 7, 1)),
        (datetime(2026, 6, 30, 20, 59, tzinfo=UTC), date(2026, 6, 30)),
        # New Year's Eve after 22 UTC is already the new year in Finland.
        (datetime(2026, 12, 31, 23, 30, tzinfo=UTC), date(2027, 1, 1)),
    ],
)
def test_today_is_the_day_in_finland_not_on_the_servers_clock(instant: datetime, day: date) -> None:
    assert today(instant) == day


def test_nothing_asks_the_servers_clock_for_the_day() -> None:
    """One "today" for the whole portal: ``date.today()`` is the server's day, a day behind
    Finland between 22 and 24 UTC, and a page and the rule behind it would disagree."""
    portal = Path(__file__).resolve().parents[2] / "portal"
    found = [
        f"{path.relative_to(portal.parent)}:{number}"
        for path in sorted(portal.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"\bdate\.today\b|\bdatetime\.(now|today)\(\)", line)
    ]
    assert found == []
