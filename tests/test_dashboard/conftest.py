"""Reading the front page's sections. The people are the common ones (``people``); what
reaches the front page is made with ``tests.factories`` as each feature would have left it."""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape

import pytest
from flask.testing import FlaskClient

from portal.auth.models import User
from portal.placements.models import (
    PlacementStatus,
)

S = PlacementStatus


@pytest.fixture
def front_page(login: Callable[[User], FlaskClient]) -> Callable[[User], dict[str, str]]:
    """The text of each section of the user's front page, read in English."""

    def _read(user: User) -> dict[str, str]:
        user.locale = "en"
        response = login(user).get("/")
        assert response.status_code == 200
        return sections_of(response.get_data(as_text=True))

    return _read


def sections_of(html: str) -> dict[str, str]:
    found = {}
    for name in ("waiting", "coming", "new"):
        start = html.index(f'id="{name}"')
        found[name] = text_of(html[start : html.index("</section>", start)])
    return found


def text_of(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))).strip()


def count_in(section: str) -> int:
    """The number in the section's heading: "Waiting for me 3 …"."""
    match = re.match(r"\D*?(\d+)", section)
    assert match, section
    return int(match.group(1))
