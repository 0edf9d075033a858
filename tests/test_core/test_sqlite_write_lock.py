"""SQLite's one writer: who takes the write lock when, seen from a second real connection.

A transaction that has read and then writes fails at once if another connection committed
in between (SQLITE_BUSY_SNAPSHOT, "database is locked", no busy timeout). So a request that
may change something holds the lock from its first statement, a page that only reads
leaves it to others, and a page that records something on the way takes it just for that.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask_migrate import upgrade

from portal import create_app
from portal.core.lifecycle import changes
from portal.extensions import db
from tests import databases
from tests.conftest import app_config

pytestmark = pytest.mark.skipif(
    databases.is_postgresql(), reason="SQLite's write lock; PostgreSQL locks rows"
)


@pytest.fixture
def app_and_file(tmp_path: Path, smtp_server: Any) -> Iterator[tuple[Flask, str]]:
    with databases.fresh_database(tmp_path, "write_lock") as url:
        app = create_app(app_config(url, smtp_server[0].port))
        with app.app_context():
            upgrade()
            db.session.execute(sa.text("CREATE TABLE note (body TEXT)"))
            db.session.commit()
            db.session.remove()
        yield app, url.removeprefix("sqlite:///")
        with app.app_context():
            db.engine.dispose()


def _another_connection(path: str) -> sqlite3.Connection:
    # Autocommit, and no waiting: a lock held elsewhere shows at once.
    return sqlite3.connect(path, timeout=0, isolation_level=None)


def _write_elsewhere(path: str, body: str) -> None:
    other = _another_connection(path)
    try:
        other.execute("INSERT INTO note (body) VALUES (?)", (body,))
    finally:
        other.close()


def _notes(app: Flask) -> list[str]:
    with app.app_context():
        rows = db.session.scalars(sa.text("SELECT body FROM note ORDER BY rowid")).all()
        db.session.remove()
    return list(rows)


def test_a_page_that_read_can_record_after_another_connection_committed(
    app_and_file: tuple[Flask, str],
) -> None:
    app, path = app_and_file
    with app.test_request_context("/documents/1", method="GET"):
        assert db.session.scalars(sa.text("SELECT body FROM note")).all() == []
        _write_elsewhere(path, "meanwhile")
        with changes() as change:
            db.session.execute(sa.text("INSERT INTO note (body) VALUES ('viewed')"))
        assert change.ok
        db.session.remove()
    assert _notes(app) == ["meanwhile", "viewed"]


def test_a_page_that_only_reads_leaves_the_write_lock_to_others(
    app_and_file: tuple[Flask, str],
) -> None:
    app, path = app_and_file
    with app.test_request_context("/documents/", method="GET"):
        db.session.scalars(sa.text("SELECT body FROM note")).all()
        _write_elsewhere(path, "meanwhile")
        db.session.remove()
    assert _notes(app) == ["meanwhile"]


def test_a_form_sent_holds_the_write_lock_from_its_first_read_until_it_commits(
    app_and_file: tuple[Flask, str],
) -> None:
    app, path = app_and_file
    with app.test_request_context("/placements/1/comments", method="POST"):
        db.session.scalars(sa.text("SELECT body FROM note")).all()
        with pytest.raises(sqlite3.OperationalError, match="database is locked"):
            _write_elsewhere(path, "refused while the form is handled")
        with changes():
            db.session.execute(sa.text("INSERT INTO note (body) VALUES ('comment')"))
        _write_elsewhere(path, "after")
        db.session.remove()
    assert _notes(app) == ["comment", "after"]
