"""The demo names its young people, and each party's data protection contact."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask.testing import FlaskClient

from portal.demo.young_people import NAMES
from portal.parties.models import Party
from portal.placements.models import Placement


def test_the_demo_names_its_young_people_and_the_parties_contacts(
    runner: Any, db: Any, client: FlaskClient
) -> None:
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    named = dict(
        db.session.execute(
            sa.select(Placement.reference, Placement.full_name).where(
                Placement.reference.in_(NAMES)
            )
        ).all()
    )
    assert named == NAMES
    # Each name fits the placement's initials.
    for placement in db.session.scalars(sa.select(Placement).where(Placement.reference.in_(NAMES))):
        first, last = placement.full_name.split()
        assert placement.initials == f"{first[0]}.{last[0]}."
    parik = db.session.scalar(sa.select(Party).where(Party.name == "Parik-säätiö"))
    assert parik.privacy_contact == "tietosuoja@parik.example"
    client.post("/language", data={"locale": "en"})
    assert "tietosuoja@parik.example" in client.get("/privacy").get_data(as_text=True)
