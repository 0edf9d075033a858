"""The demonstrations' migration keeps every row: typed assessors stay typed names, and a
unit typed as one of the placement's is linked to it; on both databases."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from portal import create_app
from portal.extensions import db
from tests import databases
from tests.conftest import app_config
from tests.test_catalogue_links.test_migration import _insert

BEFORE = "7c3e5a91d4b2"


def test_existing_demonstrations_keep_their_assessors_and_find_their_unit(
    tmp_path: Path, smtp_server: Any
) -> None:
    with databases.fresh_database(tmp_path, "demonstrations") as url:
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
                    status="ongoing",
                )
                unit = _insert(
                    connection,
                    tables,
                    "placement_qualification_unit",
                    placement_id=placement,
                    name="Pintakäsittely",
                    code="106795",
                )
                chosen = _insert(
                    connection,
                    tables,
                    "placement_demonstration",
                    placement_id=placement,
                    qualification_unit="Pintakäsittely (106795)",
                    teacher_assessor="Hannu Rantanen",
                    working_life_assessor="Jukka Lehtonen",
                )
                typed = _insert(
                    connection,
                    tables,
                    "placement_demonstration",
                    placement_id=placement,
                    qualification_unit="Hitsaus",
                    teacher_assessor="",
                    working_life_assessor="",
                )

            upgrade()
            query = sa.text(
                "SELECT id, unit_id, teacher_assessor, teacher_assessor_id, "
                "working_life_assessor, working_life_assessor_id, result "
                "FROM placement_demonstration ORDER BY id"
            )
            with db.engine.connect() as connection:
                rows = [tuple(r) for r in connection.execute(query)]
            assert rows == [
                (chosen, unit, "Hannu Rantanen", None, "Jukka Lehtonen", None, None),
                (typed, None, "", None, "", None, None),
            ]

            downgrade(revision=BEFORE)
            with db.engine.connect() as connection:
                count = "SELECT count(*) FROM placement_demonstration"
                assert connection.execute(sa.text(count)).scalar_one() == 2
            upgrade()
            db.engine.dispose()
