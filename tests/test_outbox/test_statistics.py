"""The worker refreshes the query planner's statistics once a day; a bulk load analyses all."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from portal.core.database import refresh_statistics
from portal.outbox import worker
from tests import factories


def _sqlite_statistics(db: Any) -> set[str]:
    rows = db.session.execute(sa.text("SELECT DISTINCT tbl FROM sqlite_stat1"))
    return {table for (table,) in rows}


@pytest.fixture(autouse=True)
def _not_yet_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(worker, "_statistics_refreshed_on", None)


def test_the_worker_refreshes_the_statistics_once_a_day(app: Flask, db: Any) -> None:
    with app.app_context():
        for _ in range(3):
            factories.PartyFactory()
        db.session.commit()
        today = date(2026, 12, 7)

        assert worker.refresh_statistics_daily(today) is True
        assert worker.refresh_statistics_daily(today) is False
        assert worker.refresh_statistics_daily(today + timedelta(days=1)) is True
        if db.engine.dialect.name == "sqlite":
            # SQLite keeps no statistics of its own: without these its planner guesses.
            assert "party" in _sqlite_statistics(db)


def test_a_bulk_load_analyses_every_table(app: Flask, db: Any) -> None:
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("PostgreSQL's statistics show only after the test's transaction commits")
        factories.PartyFactory()
        db.session.commit()
        refresh_statistics(db.session.connection(), full=True)
        assert "party" in _sqlite_statistics(db)
