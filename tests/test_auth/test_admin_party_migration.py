"""The migration that takes administrators out of parties, on both databases.

An administrator whom the old form had put in a party leaves it; everyone else keeps theirs,
and the rows that refer to accounts survive SQLite's copying of the table. Afterwards the
database itself refuses an administrator in a party, unless the command line placed them.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade

from portal import create_app
from portal.extensions import db
from tests import databases
from tests.conftest import app_config

REVISION = "b8972f2dc4fa"
MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


def _before() -> str:
    down = ScriptDirectory(str(MIGRATIONS)).get_revision(REVISION).down_revision
    assert isinstance(down, str)
    return down


def _insert(connection: sa.Connection, tables: sa.MetaData, table_name: str, **values: Any) -> int:
    """A row with a value for every NOT NULL column without a default."""
    table = tables.tables[table_name]
    row: dict[str, Any] = {}
    for column in table.columns:
        if column.nullable or column.primary_key or column.server_default is not None:
            continue
        kind = column.type
        if isinstance(kind, sa.Boolean):
            row[column.name] = False
        elif isinstance(kind, sa.DateTime):
            row[column.name] = datetime(2026, 1, 5, 9, 0)
        elif isinstance(kind, sa.Integer):
            row[column.name] = 1
        elif isinstance(kind, sa.JSON):
            row[column.name] = {}
        else:
            row[column.name] = "x"
    row.update(values)
    return int(connection.execute(table.insert().returning(table.c.id), row).scalar_one())


def _account(connection: sa.Connection, user_id: int) -> Any:
    return connection.execute(
        sa.text("SELECT role, party_id, unit_id FROM user_account WHERE id = :id"), {"id": user_id}
    ).one()


def test_administrators_leave_their_party_and_the_database_keeps_them_out(
    tmp_path: Path, smtp_server: Any
) -> None:
    with databases.fresh_database(tmp_path, "adminparty") as url:
        app = create_app(app_config(url, smtp_server[0].port))
        with app.app_context():
            upgrade(revision=_before())
            tables = sa.MetaData()
            with db.engine.begin() as connection:
                tables.reflect(bind=connection)
                party = _insert(connection, tables, "party", name="Paja", business_id="1")
                unit = _insert(connection, tables, "unit", party_id=party, name="Ala")
                admin_in_party = _insert(
                    connection,
                    tables,
                    "user_account",
                    email="admin@silta.example",
                    role="admin",
                    party_id=party,
                    unit_id=unit,
                )
                coordinator = _insert(
                    connection,
                    tables,
                    "user_account",
                    email="koordinaattori@paja.example",
                    role="coordinator",
                    party_id=party,
                    unit_id=unit,
                )
                _insert(connection, tables, "user_session", user_id=coordinator, key_hash="k")
                _insert(connection, tables, "audit_event", actor_id=admin_in_party, event="e")

            upgrade(revision=REVISION)
            with db.engine.connect() as connection:
                assert tuple(_account(connection, admin_in_party)) == ("admin", None, None)
                assert tuple(_account(connection, coordinator)) == ("coordinator", party, unit)
                assert (
                    connection.execute(sa.text("SELECT count(*) FROM user_session")).scalar() == 1
                )
                assert (
                    connection.execute(sa.text("SELECT actor_id FROM audit_event")).scalar()
                    == admin_in_party
                )

            move_back = sa.text("UPDATE user_account SET party_id = :party WHERE id = :id")
            with pytest.raises(sa.exc.IntegrityError), db.engine.begin() as connection:
                connection.execute(move_back, {"party": party, "id": admin_in_party})
            with db.engine.begin() as connection:
                connection.execute(
                    sa.text(
                        "UPDATE user_account SET party_from_command_line = :yes WHERE id = :id"
                    ),
                    {"yes": True, "id": admin_in_party},
                )
                connection.execute(move_back, {"party": party, "id": admin_in_party})
                assert _account(connection, admin_in_party).party_id == party

            downgrade(revision=_before())
            with db.engine.connect() as connection:
                assert (
                    connection.execute(sa.text("SELECT count(*) FROM user_account")).scalar() == 2
                )
            upgrade()
            db.engine.dispose()
