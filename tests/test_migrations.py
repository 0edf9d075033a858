"""The Alembic revisions build exactly the schema the models describe, on both databases."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from portal import create_app
from portal.core.database import include_in_comparison
from portal.extensions import db
from tests import databases
from tests.conftest import app_config


@pytest.fixture
def empty_database(tmp_path: Path) -> Any:
    with databases.fresh_database(tmp_path, "migrations") as url:
        yield url


def test_empty_database_upgrades_to_head_matching_the_models(
    empty_database: str, smtp_server: Any
) -> None:
    app = create_app(app_config(empty_database, smtp_server[0].port))
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            # The search's engine-specific FTS table and indexes have no model (as in env.py).
            context = MigrationContext.configure(
                connection, opts={"include_name": include_in_comparison}
            )
            differences = compare_metadata(context, db.metadata)
        assert differences == []

        # Every revision can be undone and redone.
        downgrade(revision="base")
        with db.engine.connect() as connection:
            assert MigrationContext.configure(connection).get_current_heads() == ()
        upgrade()
        db.engine.dispose()


def test_there_is_one_head(app: Any) -> None:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(Path(__file__).resolve().parent.parent / "migrations"))
    assert len(script.get_heads()) == 1, "merge the migration branches into one line"
