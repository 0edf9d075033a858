from __future__ import annotations

from datetime import date

import pytest

from portal.core.dates import add_months


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
