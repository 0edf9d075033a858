"""Engine settings that make SQLite behave like the production database where it matters."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, event


def _unicode_lower(value: str | None) -> str | None:
    return value.lower() if isinstance(value, str) else value


def configure_engine(engine: Engine) -> None:
    """Turn on foreign keys and WAL for SQLite, and let SQLAlchemy own its transactions.

    pysqlite starts transactions lazily on its own and so breaks SAVEPOINT and
    ``BEGIN IMMEDIATE``; handing transaction control to SQLAlchemy is the documented cure.
    """
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        # SQLite's own lower() folds only ASCII; searches must find "Ä" with "ä" as on PostgreSQL.
        dbapi_connection.create_function("lower", 1, _unicode_lower, deterministic=True)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA busy_timeout = 10000")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # A service that must serialise writers marks the connection before it begins.
        mode = "BEGIN IMMEDIATE" if connection.info.pop("begin_immediate", False) else "BEGIN"
        connection.exec_driver_sql(mode)
