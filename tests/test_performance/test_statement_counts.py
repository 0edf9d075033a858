"""Each main page runs as many SQL statements on larger data as on small, and at most 15.

Add a page here with the person who reads it; :func:`grow` (``conftest.py``) makes more of
whatever it lists.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from portal.auth.models import User
from tests.people import People
from tests.test_performance.conftest import MOST_STATEMENTS, summary

PageStatements = Callable[[User, str], tuple[list[str], list[str]]]

PAGES = [
    ("workshop_coordinator", "/"),
    ("provider_coordinator", "/"),
    ("admin", "/"),
    ("workshop_coordinator", "/directory"),
    ("workshop_coordinator", "/directory?q=paja"),
    ("workshop_coordinator", "/reports/placements"),
    ("workshop_coordinator", "/reports/outcomes"),
    ("workshop_coordinator", "/reports/support-days"),
    ("workshop_coordinator", "/reports/support-days/by-party-and-month.csv"),
    ("admin", "/admin/audit"),
]


@pytest.mark.parametrize(("person", "url"), PAGES)
def test_a_page_runs_as_many_statements_on_larger_data(
    people: People, page_statements: PageStatements, person: str, url: str
) -> None:
    small, larger = page_statements(people[person], url)
    assert len(larger) == len(small), f"{summary(small)}\n---\n{summary(larger)}"
    assert len(larger) <= MOST_STATEMENTS, summary(larger)
