"""Engine settings that make SQLite behave like the production database where it matters."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Engine, event

from portal.core.trigrams import word_similarity


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
        # PostgreSQL's pg_trgm measure, so that fuzzy searches rank alike on both databases.
        dbapi_connection.create_function("word_similarity", 2, word_similarity, deterministic=True)
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


# Full-text search structures that only one of the databases has (an FTS5 table with its shadow
# tables on SQLite; expression and trigram indexes on PostgreSQL) are made by the migrations and
# have no model. Comparing the models with a database's schema leaves them out by these names.
_SEARCH_STRUCTURE = re.compile(r"_fts(_(data|idx|docsize|config|content))?$|^ix_\w+_search_\w+$")


def include_in_comparison(name: str | None, type_: str, _parent_names: Any) -> bool:
    """Alembic's ``include_name``: False for the database-specific search structures."""
    return not (type_ in ("table", "index") and name and _SEARCH_STRUCTURE.search(name))
