"""The list of a party's placements (filters, counts, search, pages) and the comment thread
(htmx in place, a plain post without JavaScript, CSRF)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from flask.testing import FlaskClient

from portal.auth.models import User
from portal.placements.models import Direction, Placement, PlacementStatus
from tests.conftest import csrf_token_from
from tests.factories import PlacementBuilder

S = PlacementStatus
Login = Callable[[User], FlaskClient]


class TestComments:
    def test_htmx_post_updates_the_thread_in_place(
        self, people: dict[str, User], login: Login, make_placement: PlacementBuilder
    ) -> None:
        placement = make_placement(S.ONGOING)
        client = login(people["workshop_staff"])
        response = client.post(
            f"/placements/{placement.id}/comments",
            data={"body": "Jakso alkoi hyvin."},
            headers={"HX-Request": "true"},
        )
        html = response.get_data(as_text=True)
        assert response.status_code == 200 and "<html" not in html
        assert 'id="comments"' in html and "Jakso alkoi hyvin." in html
        assert "HX-Request" in response.headers["Vary"]

        empty = client.post(
            f"/placements/{placement.id}/comments",
            data={"body": " "},
            headers={"HX-Request": "true"},
        )
        assert empty.status_code == 422 and 'id="body-error"' in empty.get_data(as_text=True)

    def test_without_javascript_the_page_reloads(
        self, people: dict[str, User], login: Login, make_placement: PlacementBuilder
    ) -> None:
        placement = make_placement(S.ONGOING)
        client = login(people["provider_staff"])
        response = client.post(f"/placements/{placement.id}/comments", data={"body": "Terveiset"})
        assert response.status_code == 303
        assert response.headers["Location"] == f"/placements/{placement.id}#comments"
        assert "Terveiset" in client.get(response.headers["Location"]).get_data(as_text=True)

    def test_csrf_token_is_required(
        self,
        people: dict[str, User],
        login: Login,
        make_placement: PlacementBuilder,
        csrf_enabled: None,
    ) -> None:
        placement = make_placement(S.ONGOING)
        client = login(people["provider_staff"])
        assert (
            client.post(f"/placements/{placement.id}/comments", data={"body": "x"}).status_code
            == 400
        )
        token = csrf_token_from(client.get(f"/placements/{placement.id}").get_data(as_text=True))
        response = client.post(
            f"/placements/{placement.id}/comments",
            data={"body": "Kommentti"},
            headers={"X-CSRFToken": token, "HX-Request": "true"},
        )
        assert response.status_code == 200 and "Kommentti" in response.get_data(as_text=True)


class TestList:
    @pytest.fixture
    def many(self, make_placement: PlacementBuilder) -> list[Placement]:
        return [
            make_placement(S.ONGOING, reference="LUOVI-A-1"),
            make_placement(S.SUBMITTED, reference="LUOVI-A-2"),
            make_placement(S.SUBMITTED, Direction.TO_STUDIES, reference="PARIK-B-1"),
            make_placement(
                S.COMPLETED,
                reference="LUOVI-C-1",
                start_on=date(2024, 3, 1),
                end_on=date(2024, 7, 1),
            ),
        ]

    def test_filters_and_search(
        self, many: list[Placement], people: dict[str, User], login: Login
    ) -> None:
        client = login(people["workshop_coordinator"])
        html = client.get("/placements/").get_data(as_text=True)
        assert all(p.reference in html for p in many)
        html = client.get("/placements/?direction=to_studies").get_data(as_text=True)
        assert "PARIK-B-1" in html and "LUOVI-A-1" not in html
        html = client.get("/placements/?status=submitted").get_data(as_text=True)
        assert "LUOVI-A-2" in html and "LUOVI-A-1" not in html
        html = client.get("/placements/?year=2024").get_data(as_text=True)
        assert "LUOVI-C-1" in html and "LUOVI-A-1" not in html
        html = client.get("/placements/?q=luovi-a").get_data(as_text=True)
        assert "LUOVI-A-1" in html and "LUOVI-A-2" in html and "PARIK-B-1" not in html
        for wildcard in ("%25", "_"):
            html = client.get(f"/placements/?q={wildcard}").get_data(as_text=True)
            assert "LUOVI-A-1" not in html  # typed text, not a pattern
        html = client.get(f"/placements/?party={people['outsider'].party_id}").get_data(
            as_text=True
        )
        assert "LUOVI-A-1" not in html

    def test_counts_by_status(
        self, many: list[Placement], people: dict[str, User], login: Login
    ) -> None:
        html = login(people["workshop_coordinator"]).get("/placements/").get_data(as_text=True)
        counts = dict(
            re.findall(
                r'status=(\w+)&amp;page=1"[^>]*>[^<]*<span class="status-counts__number">(\d+)',
                html,
            )
        )
        assert counts == {"submitted": "2", "ongoing": "1", "completed": "1"}

    def test_htmx_gets_the_results_only(
        self, many: list[Placement], people: dict[str, User], login: Login
    ) -> None:
        response = login(people["workshop_coordinator"]).get(
            "/placements/?q=PARIK", headers={"HX-Request": "true"}
        )
        html = response.get_data(as_text=True)
        assert "<html" not in html and 'id="results"' in html and "PARIK-B-1" in html

    def test_pagination(
        self, make_placement: PlacementBuilder, people: dict[str, User], login: Login, app: Any
    ) -> None:
        for n in range(27):
            make_placement(S.SUBMITTED, reference=f"LUOVI-P-{n:02d}")
        client = login(people["workshop_coordinator"])
        first = client.get("/placements/").get_data(as_text=True)
        second = client.get("/placements/?page=2").get_data(as_text=True)
        assert first.count("LUOVI-P-") == app.config["PAGE_SIZE"]
        assert second.count("LUOVI-P-") == 27 - app.config["PAGE_SIZE"]
        assert 'rel="next"' in first

    def test_the_pager_counts_what_the_filters_leave(
        self, make_placement: PlacementBuilder, people: dict[str, User], login: Login, app: Any
    ) -> None:
        # The list's length comes from the counts by status: with and without a status, and
        # with the other filters, it must be the number of rows the pages hold.
        size = app.config["PAGE_SIZE"]
        for n in range(size + 3):
            make_placement(S.SUBMITTED, reference=f"LUOVI-S-{n:02d}")
        for n in range(4):
            make_placement(S.ONGOING, reference=f"LUOVI-O-{n:02d}")
        client = login(people["workshop_coordinator"])

        def shown(url: str) -> tuple[int, bool]:
            html = client.get(url).get_data(as_text=True)
            total = re.search(r'id="results-count">(\d+) ', html)
            assert total is not None
            return int(total.group(1)), 'rel="next"' in html

        assert shown("/placements/") == (size + 7, True)
        assert shown("/placements/?status=submitted") == (size + 3, True)
        assert shown("/placements/?status=ongoing") == (4, False)
        assert shown("/placements/?status=ongoing&q=LUOVI-O-0") == (4, False)
        assert shown("/placements/?status=ongoing&q=LUOVI-O-01") == (1, False)
        assert shown("/placements/?status=completed") == (0, False)
        last = client.get("/placements/?status=submitted&page=2").get_data(as_text=True)
        assert last.count("LUOVI-S-") == 3
