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


# The PostgreSQL server that tests needing PostgreSQL itself use when the suite runs on
# SQLite: the local one, as CI and the README's PostgreSQL run have it.
LOCAL_POSTGRESQL_URL = os.environ.get(
    "TEST_POSTGRESQL_URL", "postgresql://postgres@127.0.0.1:5432/silta_test"
)


def _admin_engine(base_url: str = BASE_URL) -> sa.Engine:
    url = make_url(normalise_database_url(base_url)).set(database="postgres")
    return sa.create_engine(url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)


def postgresql_reachable() -> str | None:
    """The URL of a PostgreSQL server to create databases on, or None when there is none:
    TEST_DATABASE_URL's, else the local server if it answers."""
    if is_postgresql():
        return BASE_URL
    admin = _admin_engine(LOCAL_POSTGRESQL_URL)
    try:
        with admin.connect():
            return LOCAL_POSTGRESQL_URL
    except sa.exc.OperationalError:
        return None
    finally:
        admin.dispose()


@contextmanager
def postgresql_database(base_url: str, purpose: str) -> Iterator[str]:
    """An empty PostgreSQL database on ``base_url``'s server for the duration of the block."""
    base = make_url(normalise_database_url(base_url))
    name = f"{base.database}_{purpose}_{uuid.uuid4().hex[:8]}"
    admin = _admin_engine(base_url)
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


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
    with postgresql_database(BASE_URL, purpose) as url:
        yield url
