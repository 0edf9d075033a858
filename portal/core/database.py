"""Engine settings that make SQLite behave like the production database where it matters.

SQLite has one writer at a time. A transaction that has only read so far cannot become the
writer once another connection has committed since its first read: SQLite refuses at once
with SQLITE_BUSY_SNAPSHOT ("database is locked"), without waiting for ``busy_timeout``. A
transaction that begins with ``BEGIN IMMEDIATE`` takes the write lock first, waiting for it
as long as ``busy_timeout`` allows, and so always sees the latest data it then changes.
Hence, on SQLite:

* every transaction of a request that may change something (not GET, HEAD or OPTIONS)
  begins immediate: what it reads to decide is what it then writes on;
* a request that only reads, but records something on the way (a document's access log,
  a session's last activity, a refused access), ends its read-only transaction and writes
  in a short one that begins immediate: :func:`ready_to_write`, which ``changes()`` calls;
* the outbox worker's transactions begin immediate: :func:`writing`.

PostgreSQL takes row locks as it writes and needs none of this.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from flask import has_request_context, request
from sqlalchemy import Connection, Engine, event
from sqlalchemy.orm import Session, scoped_session

from portal.core.trigrams import word_similarity

# The execution option that makes the connection's next transaction begin immediate.
WRITE_LOCK_OPTION = "sqlite_write_lock"
# Methods that change nothing; a request with any other begins its transactions immediate.
READING_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# The application's scoped session, or a plain one.
AnySession = Session | scoped_session[Any]

_writing: ContextVar[bool] = ContextVar("sqlite_writing", default=False)


def _unicode_lower(value: str | None) -> str | None:
    return value.lower() if isinstance(value, str) else value


def configure_engine(engine: Engine) -> None:
    """Turn on foreign keys and WAL for SQLite, and let SQLAlchemy own its transactions;
    turn off PostgreSQL's JIT compiling.

    pysqlite starts transactions lazily on its own and so breaks SAVEPOINT and
    ``BEGIN IMMEDIATE``; handing transaction control to SQLAlchemy is the documented cure.
    """
    if engine.dialect.name == "postgresql":
        _configure_postgresql(engine)
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
    def _on_begin(connection: Connection) -> None:
        immediate = connection.info.pop("begin_immediate", False) or _writes_expected()
        connection.info["began_immediate"] = immediate
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _configure_postgresql(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # PostgreSQL compiles a statement to machine code (JIT) once its estimated cost is
        # high, which a scope's subqueries over a national data set reach: the compiling
        # then takes longer than running the statement, often half a second. The portal's
        # statements are short; they run best interpreted.
        autocommit = dbapi_connection.autocommit
        dbapi_connection.autocommit = True
        cursor = dbapi_connection.cursor()
        cursor.execute("SET jit = off")
        cursor.close()
        dbapi_connection.autocommit = autocommit


def _writes_expected() -> bool:
    if _writing.get():
        return True
    return has_request_context() and request.method not in READING_METHODS


@event.listens_for(Engine, "set_connection_execution_options")
def _mark_for_immediate(connection: Connection, options: dict[str, Any]) -> None:
    # The session applies the option before it begins the transaction: mark the connection
    # so that the transaction begins immediate. A connection already in a transaction (a
    # test's outer one, which the session joins with a savepoint) is left alone.
    if options.get(WRITE_LOCK_OPTION) and not connection.in_transaction():
        connection.info["begin_immediate"] = True


@contextmanager
def writing() -> Iterator[None]:
    """Begin every transaction of the block immediate on SQLite (a worker's, which writes)."""
    token = _writing.set(True)
    try:
        yield
    finally:
        _writing.reset(token)


def begin_immediate(session: AnySession) -> None:
    """End the session's read-only transaction and begin one that holds SQLite's write lock."""
    _nothing_changed_yet(session)
    session.rollback()
    session.connection(execution_options={WRITE_LOCK_OPTION: True})


def _nothing_changed_yet(session: AnySession) -> None:
    if session.new or session.dirty or session.deleted:
        raise RuntimeError("take the write lock before changing anything in the session")


def ready_to_write(session: AnySession) -> None:
    """Make sure the session's transaction may write on SQLite; call it before any change.

    A transaction that began immediate already may; one that began only to read is ended
    (its objects are read again when next used) and one that begins immediate takes its
    place. A savepoint inside a transaction the session does not own (a test's) is left as
    it is.
    """
    if session.get_bind().dialect.name != "sqlite":
        return
    connection = session.connection()
    if connection.info.get("began_immediate"):
        return
    # Checked before the test's own transaction is let be, so that the suite finds a view that
    # changes something before it says so, as a server on a file would.
    _nothing_changed_yet(session)
    if connection.in_nested_transaction():
        return
    begin_immediate(session)


# Full-text search structures that only one of the databases has (an FTS5 table with its shadow
# tables on SQLite; expression and trigram indexes on PostgreSQL) are made by the migrations and
# have no model. Comparing the models with a database's schema leaves them out by these names.
_SEARCH_STRUCTURE = re.compile(r"_fts(_(data|idx|docsize|config|content))?$|^ix_\w+_search_\w+$")


def is_search_structure(name: str) -> bool:
    """Is this table or index one of the database-specific search structures?"""
    return bool(_SEARCH_STRUCTURE.search(name))


def include_in_comparison(name: str | None, type_: str, _parent_names: Any) -> bool:
    """Alembic's ``include_name``: False for the database-specific search structures."""
    return not (type_ in ("table", "index") and name and is_search_structure(name))


# Rows SQLite reads of each index to estimate it, in the daily refresh: enough for the
# planner's choices, and it keeps the refresh of a large database to a fraction of a second.
SQLITE_ANALYSIS_LIMIT = 1000


def refresh_statistics(connection: Connection, *, full: bool = False) -> None:
    """Give SQLite's query planner fresh statistics of the tables' contents.

    SQLite gathers none by itself: without them it guesses, and at scale picks a scan of a
    large table where an index would read a few rows. Daily, it estimates each index from a
    sample (``analysis_limit``); ``full`` reads everything, after a bulk load. PostgreSQL's
    autovacuum keeps its own statistics: nothing is done there.
    """
    if connection.dialect.name != "sqlite":
        return
    limit = 0 if full else SQLITE_ANALYSIS_LIMIT
    connection.exec_driver_sql(f"PRAGMA analysis_limit = {limit}")
    connection.exec_driver_sql("ANALYZE")
