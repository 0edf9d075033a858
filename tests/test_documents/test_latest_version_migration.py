"""The migration that gives each document the time of its newest version, on both databases:
the front page finds the documents shared since the user last looked by it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade

from portal import create_app
from portal.extensions import db
from tests import databases
from tests.conftest import app_config
from tests.test_auth.test_admin_party_migration import _insert

REVISION = "7c3e5a91d4b2"
MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


def _before() -> str:
    down = ScriptDirectory(str(MIGRATIONS)).get_revision(REVISION).down_revision
    assert isinstance(down, str)
    return down


def _latest(connection: sa.Connection) -> dict[str, Any]:
    rows = connection.execute(sa.text("SELECT title, latest_version_at FROM document"))
    return {title: at and str(at)[:19] for title, at in rows}


def test_each_document_gets_its_newest_versions_time(tmp_path: Path, smtp_server: Any) -> None:
    with databases.fresh_database(tmp_path, "latestversion") as url:
        app = create_app(app_config(url, smtp_server[0].port))
        with app.app_context():
            upgrade(revision=_before())
            tables = sa.MetaData()
            with db.engine.begin() as connection:
                tables.reflect(bind=connection)
                party = _insert(connection, tables, "party", name="Paja", business_id="1")
                user = _insert(
                    connection, tables, "user_account", email="a@paja.example", party_id=party
                )

                def document(title: str) -> int:
                    return _insert(
                        connection,
                        tables,
                        "document",
                        title=title,
                        owner_party_id=party,
                        created_by_id=user,
                        classification="internal",
                    )

                def version(document_id: int, number: int, day: int) -> None:
                    _insert(
                        connection,
                        tables,
                        "document_version",
                        document_id=document_id,
                        number=number,
                        uploaded_by_id=user,
                        uploaded_at=datetime(2026, 3, day, 9, 0),
                    )

                twice = document("Kahdesti")
                version(twice, 1, 2)
                version(twice, 2, 20)
                version(document("Kerran"), 1, 5)
                document("Ei versiota")

            upgrade(revision=REVISION)
            with db.engine.connect() as connection:
                assert _latest(connection) == {
                    "Kahdesti": "2026-03-20 09:00:00",
                    "Kerran": "2026-03-05 09:00:00",
                    "Ei versiota": None,
                }

            downgrade(revision=_before())
            with db.engine.connect() as connection:
                columns = {c["name"] for c in sa.inspect(connection).get_columns("document")}
                assert "latest_version_at" not in columns
            upgrade()
            db.engine.dispose()
