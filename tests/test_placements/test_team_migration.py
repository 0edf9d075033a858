"""The migration that brings teams: nobody loses sight of the placements they worked on.

Each existing placement gets on its team the account that drafted it, the workshop's named
instructor and the provider's named teacher — once each, and only people of its two parties.
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
from tests.test_auth.test_admin_party_migration import _insert

REVISION = "9d4e2f6a1c58"
BEFORE = "c4f1a8e2d9b3"


def test_creators_instructors_and_teachers_are_put_on_the_teams(
    tmp_path: Path, smtp_server: Any
) -> None:
    with databases.fresh_database(tmp_path, "teams") as url:
        app = create_app(app_config(url, smtp_server[0].port))
        with app.app_context():
            upgrade(revision=BEFORE)
            tables = sa.MetaData()
            with db.engine.begin() as connection:
                tables.reflect(bind=connection)

                def party(name: str, kind: str) -> int:
                    return _insert(
                        connection, tables, "party", name=name, business_id=name[:9], kind=kind
                    )

                def person(email: str, party_id: int) -> int:
                    return _insert(
                        connection, tables, "user_account", email=email, party_id=party_id
                    )

                luovi = party("Luovi", "education_provider")
                parik = party("Parik", "workshop")
                kymsote = party("Kymsote", "social_services")
                counsellor = person("opo@luovi.example", luovi)
                coach = person("valmentaja@parik.example", parik)
                social = person("sosiaali@kymsote.example", kymsote)
                placement = _insert(
                    connection,
                    tables,
                    "placement",
                    direction="to_workshop",
                    status="ongoing",
                    sender_party_id=luovi,
                    receiver_party_id=parik,
                    reference="LUOVI-1",
                    initials="A.K.",
                    start_on=date(2026, 9, 1),
                    created_by_id=counsellor,
                    instructor_id=coach,
                    # Named twice, and a teacher of no party of the placement: neither counts.
                    teacher_id=counsellor,
                    created_at=datetime(2026, 8, 1, 9, 0),
                    updated_at=datetime(2026, 8, 1, 9, 0),
                )
                untouched = _insert(
                    connection,
                    tables,
                    "placement",
                    direction="to_studies",
                    status="draft",
                    sender_party_id=parik,
                    receiver_party_id=luovi,
                    reference="PARIK-1",
                    initials="B.L.",
                    start_on=date(2026, 9, 1),
                    created_by_id=social,
                    created_at=datetime(2026, 8, 1, 9, 0),
                    updated_at=datetime(2026, 8, 1, 9, 0),
                )

            upgrade(revision=REVISION)
            with db.engine.connect() as connection:
                team = connection.execute(
                    sa.text(
                        "SELECT placement_id, user_id, party_id, role FROM placement_team_member "
                        "ORDER BY placement_id, user_id"
                    )
                ).all()
            assert [tuple(row) for row in team] == [
                (placement, counsellor, luovi, "study_counsellor"),
                (placement, coach, parik, "job_coach"),
            ]
            assert untouched not in {row[0] for row in team}

            downgrade(revision=BEFORE)
            upgrade()
            db.engine.dispose()
