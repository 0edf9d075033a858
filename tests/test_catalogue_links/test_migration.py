"""Adding the links to an existing database keeps every placement's rows, on both databases.

On SQLite the columns are added by copying the tables; dropping the old `placement` with
foreign keys on would delete its agreements, steps, comments and units by cascade.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from portal import create_app
from portal.extensions import db
from tests import databases
from tests.conftest import app_config

BEFORE = "b7d15df317bc"
CHILDREN = [
    "placement_qualification_unit",
    "placement_agreement",
    "placement_step",
    "placement_comment",
    "placement_demonstration",
]


def _value(column: sa.Column[Any]) -> Any:
    """Something the column accepts, for the NOT NULL columns a row must have."""
    kind = column.type
    if isinstance(kind, sa.Boolean):
        return False
    if isinstance(kind, sa.DateTime):
        return datetime(2026, 1, 5, 9, 0)
    if isinstance(kind, sa.Date):
        return date(2026, 1, 5)
    if isinstance(kind, sa.Integer | sa.Numeric):
        return 1
    if isinstance(kind, sa.JSON):
        return {}
    return "x"


def _insert(connection: sa.Connection, tables: sa.MetaData, table_name: str, **values: Any) -> int:
    table = tables.tables[table_name]
    row = {
        c.name: _value(c)
        for c in table.columns
        if not c.nullable and not c.primary_key and c.server_default is None
    }
    row.update(values)
    return int(connection.execute(table.insert().returning(table.c.id), row).scalar_one())


def _counts(connection: sa.Connection) -> dict[str, int]:
    return {
        name: connection.execute(sa.text(f"SELECT count(*) FROM {name}")).scalar_one()
        for name in ["placement", *CHILDREN, "placement_signature"]
    }


def test_upgrading_and_downgrading_keeps_every_placements_rows(
    tmp_path: Path, smtp_server: Any
) -> None:
    with databases.fresh_database(tmp_path, "catlinks") as url:
        app = create_app(app_config(url, smtp_server[0].port))
        with app.app_context():
            upgrade(revision=BEFORE)
            tables = sa.MetaData()
            with db.engine.begin() as connection:
                tables.reflect(bind=connection)
                workshop = _insert(connection, tables, "party", name="Paja", business_id="1")
                provider = _insert(connection, tables, "party", name="Opisto", business_id="2")
                placement = _insert(
                    connection,
                    tables,
                    "placement",
                    sender_party_id=provider,
                    receiver_party_id=workshop,
                    direction="to_workshop",
                    status="agreed",
                )
                for child in CHILDREN:
                    _insert(connection, tables, child, placement_id=placement)
                agreement = connection.execute(
                    sa.text("SELECT id FROM placement_agreement")
                ).scalar_one()
                _insert(
                    connection,
                    tables,
                    "placement_signature",
                    agreement_id=agreement,
                    party_id=workshop,
                    signer_role="coordinator",
                )
                before = _counts(connection)
            assert set(before.values()) == {1}

            upgrade()
            with db.engine.connect() as connection:
                assert _counts(connection) == before
                row = connection.execute(
                    sa.text("SELECT workshop_unit_id FROM placement WHERE id = :id"),
                    {"id": placement},
                ).one()
                assert row.workshop_unit_id is None
                # Foreign keys are back on for the connections the application uses.
                if db.engine.dialect.name == "sqlite":
                    assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1

            downgrade(revision=BEFORE)
            with db.engine.connect() as connection:
                assert _counts(connection) == before
            upgrade()
            db.engine.dispose()
