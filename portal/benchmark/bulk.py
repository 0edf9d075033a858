"""Writing many rows at once: COPY on PostgreSQL, batched Core inserts elsewhere.

The bench data set is millions of rows; the ORM's unit of work would take hours for it.
Rows are plain dicts of Python values (as the ORM would hold them); every id is given here,
so that rows of other tables can refer to them before anything is written.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

BATCH = 5000


class Writer:
    """Hands out ids and writes rows to one connection, table by table."""

    def __init__(self, connection: Connection, metadata: sa.MetaData) -> None:
        self.connection = connection
        self.metadata = metadata
        self.postgresql = connection.dialect.name == "postgresql"
        self._next_id: dict[str, int] = {}
        self.counts: dict[str, int] = {}

    def table(self, name: str) -> sa.Table:
        return self.metadata.tables[name]

    def new_id(self, table: str) -> int:
        """The next free id of the table; rows keep the ids handed out in order."""
        if table not in self._next_id:
            id_column = self.table(table).c.id
            highest = self.connection.execute(sa.select(sa.func.max(id_column))).scalar()
            self._next_id[table] = (highest or 0) + 1
        value = self._next_id[table]
        self._next_id[table] = value + 1
        return value

    def insert(self, table: str, rows: Iterable[dict[str, Any]]) -> int:
        batch: list[dict[str, Any]] = []
        written = 0
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH:
                written += self._write(self.table(table), batch)
                batch = []
        if batch:
            written += self._write(self.table(table), batch)
        self.counts[table] = self.counts.get(table, 0) + written
        return written

    def _write(self, table: sa.Table, rows: list[dict[str, Any]]) -> int:
        if self.postgresql:
            return self._copy(table, rows)
        self.connection.execute(table.insert(), _complete(table, rows))
        return len(rows)

    def _copy(self, table: sa.Table, rows: list[dict[str, Any]]) -> int:
        dialect = self.connection.dialect
        columns = [c for c in table.columns if any(c.name in row for row in rows[:1])]
        columns = _with_defaults(table, columns)
        processors = [_copy_processor(c, dialect) for c in columns]
        names = ", ".join(f'"{c.name}"' for c in columns)
        raw = self.connection.connection.driver_connection
        with raw.cursor() as cursor:  # type: ignore[union-attr]
            # The table and column names are the models' own, never input.
            with cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:  # nosec B608
                for row in _complete(table, rows):
                    values = []
                    for column, process in zip(columns, processors, strict=True):
                        value = row.get(column.name)
                        values.append(process(value) if process and value is not None else value)
                    copy.write_row(values)
        return len(rows)

    def finish(self) -> None:
        """Move PostgreSQL's id sequences past the ids given here."""
        if not self.postgresql:
            return
        for name in self._next_id:
            self.connection.execute(
                sa.text(
                    "SELECT setval(pg_get_serial_sequence(:table, 'id'), "
                    "(SELECT max(id) FROM " + f'"{name}"' + "))"  # nosec B608
                ),
                {"table": name},
            )


def _copy_processor(column: sa.Column[Any], dialect: Any) -> Any:
    # psycopg adapts JSON parameters itself, which COPY does not: write the text.
    if isinstance(column.type, sa.JSON):
        return lambda value: json.dumps(value, ensure_ascii=False)
    return column.type.bind_processor(dialect)


def _with_defaults(table: sa.Table, columns: list[sa.Column[Any]]) -> list[sa.Column[Any]]:
    # A column the rows leave out but whose model gives a default is written with it.
    given = {c.name for c in columns}
    extra = [
        c
        for c in table.columns
        if c.name not in given and c.default is not None and not c.primary_key
    ]
    return columns + extra


def _complete(table: sa.Table, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Fill in the model's Python-side defaults, which COPY and executemany both skip."""
    defaults = {
        c.name: c.default for c in table.columns if c.default is not None and not c.primary_key
    }
    if not defaults:
        return rows
    completed = []
    for row in rows:
        missing = {name: d for name, d in defaults.items() if name not in row}
        if missing:
            row = dict(row)
            for name, default in missing.items():
                arg = default.arg  # type: ignore[attr-defined]
                row[name] = arg(None) if callable(arg) else arg
            completed.append(row)
        else:
            completed.append(row)
    return completed
