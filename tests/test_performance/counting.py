"""How many SQL statements one request of a page runs, for the statement-count tests."""

from __future__ import annotations

from flask.testing import FlaskClient

from tests.queries import counting_queries

# The most statements a main page may run, the signed-in person's session included.
MOST_STATEMENTS = 15
SAVEPOINTS = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")


def statements_of(client: FlaskClient, url: str, **headers: str) -> list[str]:
    """The SQL statements one GET of ``url`` runs; the page must answer 200."""
    # A first request fills what a worker caches once (the translations, the agreement's
    # founders…), so that only what every request costs is counted.
    client.get(url, headers=headers)
    with counting_queries() as statements:
        response = client.get(url, headers=headers)
    assert response.status_code == 200, url
    # The test's session commits to savepoints of its outer transaction; production does not.
    return [s for s in statements if not s.lstrip().upper().startswith(SAVEPOINTS)]


def summary(statements: list[str]) -> str:
    """One line per statement, for an assertion's message."""
    return "\n".join(" ".join(s.split())[:160] for s in statements)
