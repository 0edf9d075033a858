"""What every factory shares: the test's session, committed rows, valid business IDs."""

from __future__ import annotations

from datetime import date, timedelta

import factory

from portal.core.dates import today
from portal.core.validators import BUSINESS_ID_WEIGHTS
from portal.extensions import db

PASSWORD = "correct horse battery staple"


def business_id(n: int) -> str:
    """The n-th valid Finnish business ID of a test series (some numbers have no check digit)."""
    number = 3_000_000 + n * 7
    while True:
        digits = f"{number:07d}"
        remainder = sum(int(d) * w for d, w in zip(digits, BUSINESS_ID_WEIGHTS, strict=True)) % 11
        if remainder != 1:
            return f"{digits}-{0 if remainder == 0 else 11 - remainder}"
        number += 1


def days_from_today(days: int) -> date:
    return today() + timedelta(days=days)


class BaseFactory(factory.alchemy.SQLAlchemyModelFactory):
    """Rows are committed, as a feature would have left them; the ``db`` fixture rolls back.

    The session is looked up on each call, because the ``db`` fixture swaps it per test.
    """

    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        sqlalchemy_session_persistence = "commit"
