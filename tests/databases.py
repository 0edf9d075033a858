"""Test databases: SQLite files by default, PostgreSQL when TEST_DATABASE_URL says so.

The main suite runs in the database named by TEST_DATABASE_URL. Tests that need a database
of their own (migrations, the browser's live server, real concurrent connections) get a
fresh one beside it through :func:`fresh_database`.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from portal.config import normalise_database_url

BASE_URL = os.environ.get("TEST_DATABASE_URL", "")


def is_postgresql() -> bool:
    return BASE_URL.startswith(("postgres://", "postgresql"))


def main_database_url(tmp_dir: Path) -> str:
    if is_postgresql():
        return normalise_database_url(BASE_URL)
    return f"sqlite:///{tmp_dir / 'main.sqlite3'}"


def _admin_engine() -> sa.Engine:
    url = make_url(normalise_database_url(BASE_URL)).set(database="postgres")
    return sa.create_engine(url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)


def reset_postgresql_schema(url: str) -> None:
    """Empty the main PostgreSQL database, so every run starts from an empty schema."""
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    with engine.begin() as connection:
        connection.execute(sa.text("DROP SCHEMA public CASCADE"))
        connection.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()


@contextmanager
def fresh_database(tmp_dir: Path, purpose: str) -> Iterator[str]:
    """An empty database of its own for the duration of the block; its URL is yielded."""
    if not is_postgresql():
        path = tmp_dir / f"{purpose}-{uuid.uuid4().hex[:8]}.sqlite3"
        yield f"sqlite:///{path}"
        return
    base = make_url(normalise_database_url(BASE_URL))
    name = f"{base.database}_{purpose}_{uuid.uuid4().hex[:8]}"
    admin = _admin_engine()
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
