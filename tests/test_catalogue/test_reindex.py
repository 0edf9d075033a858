"""``flask --app portal catalogue reindex`` makes units saved with an older search text
findable again, and leaves current ones alone."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from portal.auth.models import User
from portal.parties.models import Party
from tests import factories


def test_reindex_rebuilds_a_stale_search_text(
    db: Any, runner: Any, workshop: Party, login: Any, staff: User
) -> None:
    report = factories.LearningEnvironmentFactory(
        unit=factories.UnitFactory(party=workshop, name="Puutyö"),
        qualification_units=[
            ("Puuseppäalan perustutkinto", "Pintakäsittely", "106795"),
            ("Puuseppäalan perustutkinto", "Koneellinen puuntyöstö", "106790"),
        ],
    )
    units = {q.name: q for q in report.qualification_units}
    stale, current = units["Pintakäsittely"], units["Koneellinen puuntyöstö"]
    stale.search_text = ""  # as saved before the search text was built this way
    db.session.commit()
    client: FlaskClient = login(staff)

    def found() -> bool:
        # By its code, which only the stored search text holds (PostgreSQL's Finnish full-text
        # index reads the names themselves).
        html = client.get("/catalogue/?q=106795").get_data(as_text=True)
        results = html.split('id="results"', 1)[1]
        return "Pintakäsittely" in results

    assert not found()
    result = runner.invoke(args=["catalogue", "reindex"])
    assert result.exit_code == 0, result.output
    assert "1 qualification unit(s)" in result.output
    assert found()
    # Running it again changes nothing.
    assert "0 qualification unit(s)" in runner.invoke(args=["catalogue", "reindex"]).output
    assert current.search_text
