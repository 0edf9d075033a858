"""The follow-up report: the share in studies or work at the end, 3 and 6 months later, per
party, direction and year, drawn against the 50 % target, and as CSV."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from datetime import date
from typing import Any

from flask.testing import FlaskClient

from portal.auth.models import User
from portal.follow_up.enums import Checkpoint
from portal.placements.models import Direction, NextStep, PlacementStatus
from tests import factories
from tests.factories import PlacementBuilder
from tests.people import People

S = PlacementStatus
Login = Callable[[User], FlaskClient]
ENDED = date(2025, 3, 14)


def _ended(
    make_placement: PlacementBuilder,
    reference: str,
    at_end: NextStep,
    later: dict[Checkpoint, NextStep],
    direction: Direction = Direction.TO_WORKSHOP,
) -> None:
    placement = make_placement(
        S.COMPLETED,
        direction=direction,
        reference=reference,
        start_on=date(2025, 1, 7),
        end_on=ENDED,
        started_on=date(2025, 1, 7),
        ended_on=ENDED,
        next_step=at_end,
    )
    for checkpoint, situation in later.items():
        factories.FollowUpFactory(
            placement=placement, checkpoint=checkpoint, answered=True, situation=situation
        )


def _world(make_placement: PlacementBuilder) -> None:
    """Four periods and one trainee to studies that ended in 2025: at the end 2 of 5 in
    studies or work; at 3 months 3 of 4 answered; at 6 months 1 of 2."""
    m3, m6 = Checkpoint.MONTHS_3, Checkpoint.MONTHS_6
    _ended(make_placement, "R1", NextStep.STUDIES, {m3: NextStep.STUDIES, m6: NextStep.WORK})
    _ended(make_placement, "R2", NextStep.WORK, {m3: NextStep.WORK, m6: NextStep.UNKNOWN})
    _ended(make_placement, "R3", NextStep.WORKSHOP, {m3: NextStep.STUDIES})
    _ended(make_placement, "R4", NextStep.UNKNOWN, {m3: NextStep.OTHER})
    _ended(make_placement, "R5", NextStep.OTHER, {}, direction=Direction.TO_STUDIES)


def _cells(html: str, table: str) -> list[str]:
    start = html.index(f'id="table-{table}"')
    body = html[html.index("<tbody>", start) : html.index("</tbody>", start)]
    return [
        " ".join(c.split("<")[0].split()) for c in body.split(">") if c and not c.startswith("<")
    ]


def test_the_shares_at_each_checkpoint_against_the_target(
    people: People, make_placement: PlacementBuilder, login: Login
) -> None:
    _world(make_placement)
    client = login(people.workshop_coordinator)
    response = client.get("/reports/follow-up?year=2025", headers={"Accept-Language": "en"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    # The target is drawn on each chart, in the SVG; no inline style or script.
    assert html.count('class="chart__target"') == 3
    assert re.search(r"Target 50\.0\s?%", html)
    assert (
        "<script" not in html.split("<main", 1)[-1] and "style=" not in html.split("<main", 1)[-1]
    )
    for name in ("R1", "R5", "Aino"):
        assert f">{name}<" not in html

    rows = list(
        csv.reader(
            io.StringIO(
                client.get("/reports/follow-up/by-direction.csv?year=2025")
                .get_data()
                .decode("utf-8-sig")
            ),
            delimiter=";",
        )
    )
    period = next(r for r in rows if r[0] in ("Workshop period", "Työpajajakso", "Pajajakso"))
    # 4 ended; 2 in studies or work at the end; 4 answered at 3 months, 3 of them; 2 at 6, 1.
    assert period[1:] == ["4", "50,0", "4", "75,0", "2", "50,0"]
    studies = next(r for r in rows[1:-1] if r is not period)
    assert studies[1:] == ["1", "0,0", "0", "", "0", ""]
    total = rows[-1]
    assert total[1:] == ["5", "40,0", "4", "75,0", "2", "50,0"]

    by_party = list(
        csv.reader(
            io.StringIO(
                client.get("/reports/follow-up/by-party.csv?year=2025")
                .get_data()
                .decode("utf-8-sig")
            ),
            delimiter=";",
        )
    )
    assert [r[0] for r in by_party[1:]] == ["Ammattiopisto Luovi", "Parik-säätiö"]
    assert by_party[1][1:3] == ["5", "40,0"]


def test_a_year_without_endings_and_other_parties_show_no_figures(
    people: People, make_placement: PlacementBuilder, login: Login
) -> None:
    _world(make_placement)
    empty = login(people.workshop_coordinator).get("/reports/follow-up?year=2024")
    assert 'class="chart__target"' not in empty.get_data(as_text=True)
    outsider = login(people.outsider).get("/reports/follow-up?year=2025").get_data(as_text=True)
    assert "Parik-säätiö" not in outsider.split('id="results"', 1)[1]
    assert login(people.workshop_staff).get("/reports/follow-up").status_code == 403


def test_the_direction_filter_narrows_the_figures(
    people: People, make_placement: PlacementBuilder, login: Login, db: Any
) -> None:
    _world(make_placement)
    client = login(people.provider_coordinator)
    rows = list(
        csv.reader(
            io.StringIO(
                client.get("/reports/follow-up/by-year.csv?year=all&direction=to_studies")
                .get_data()
                .decode("utf-8-sig")
            ),
            delimiter=";",
        )
    )
    assert rows[1][:3] == ["2025", "1", "0,0"]
