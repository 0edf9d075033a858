"""Each main page runs as many SQL statements on larger data as on small, and at most 15.

Add a page here with the person who reads it; :func:`grow` (``conftest.py``) makes more of
whatever it lists.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from portal.auth.models import User
from tests.people import People
from tests.test_performance.counting import MOST_STATEMENTS, statements_of, summary

PageStatements = Callable[[User, str], tuple[list[str], list[str]]]

PAGES = [
    ("workshop_coordinator", "/"),
    ("provider_coordinator", "/"),
    ("admin", "/"),
    ("workshop_coordinator", "/directory"),
    ("workshop_coordinator", "/directory?q=paja"),
    ("workshop_coordinator", "/reports/placements"),
    ("workshop_coordinator", "/reports/outcomes"),
    ("workshop_coordinator", "/reports/qualification-units"),
    ("workshop_coordinator", "/reports/quotas"),
    ("workshop_coordinator", "/reports/support-days"),
    ("workshop_coordinator", "/reports/support-days?year=all"),
    ("workshop_coordinator", "/reports/support-days/by-party-and-month.csv"),
    ("admin", "/reports/placements"),
    ("admin", "/admin/audit"),
    ("admin", "/admin/audit?event=user.email_change"),
]


@pytest.mark.parametrize(("person", "url"), PAGES)
def test_a_page_runs_as_many_statements_on_larger_data(
    people: People, page_statements: PageStatements, person: str, url: str
) -> None:
    small, larger = page_statements(people[person], url)
    assert len(larger) == len(small), f"{summary(small)}\n---\n{summary(larger)}"
    assert len(larger) <= MOST_STATEMENTS, summary(larger)


def test_an_ordinary_signed_in_page_costs_one_keyed_session_read(
    people: People, login: Callable[[User], FlaskClient], db: Any
) -> None:
    """Signed in, a page that reads nothing of its own runs two statements: the session (with
    its user and party) found by its unique key, and the menu's unread badge. The rate limits
    ask no SQL; the session's last-seen time is written only once in a while."""
    client = login(people.workshop_coordinator)
    session, badge = statements_of(client, "/accessibility")
    assert "FROM user_session JOIN user_account" in session
    assert "WHERE user_session.key_hash = " in " ".join(session.split())
    assert "FROM notification" in badge
    keyed = {
        tuple(index["column_names"])
        for index in [
            *sa.inspect(db.session.connection()).get_indexes("user_session"),
            *sa.inspect(db.session.connection()).get_unique_constraints("user_session"),
        ]
    }
    assert ("key_hash",) in keyed
