from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from portal.auth.models import User
from portal.core.i18n import force_locale, local_date, local_datetime, money
from portal.notifications.party_notices import PARTY_JOINED
from portal.notifications.service import notify


def test_finnish_is_the_default(client: FlaskClient) -> None:
    html = client.get("/auth/login").get_data(as_text=True)
    assert '<html lang="fi">' in html and "Kirjaudu Siltaan" in html


def test_browser_preference_is_followed_before_signing_in(client: FlaskClient) -> None:
    html = client.get("/auth/login", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(
        as_text=True
    )
    assert "Sign in to Silta" in html


def test_language_choice_is_remembered_for_the_user(
    coordinator_client: FlaskClient, coordinator: User, db: Any
) -> None:
    response = coordinator_client.post("/language", data={"locale": "sv", "next": "/directory"})
    assert response.status_code == 303 and response.headers["Location"] == "/directory"
    db.session.refresh(coordinator)
    assert coordinator.locale == "sv"
    assert "Kontaktuppgifter" in coordinator_client.get("/directory").get_data(as_text=True)


def test_language_switch_ignores_a_foreign_next(client: FlaskClient) -> None:
    response = client.post("/language", data={"locale": "en", "next": "https://evil.example/"})
    assert response.headers["Location"] == "/"


def test_unknown_language_is_refused(client: FlaskClient) -> None:
    assert client.post("/language", data={"locale": "de"}).status_code == 400


@pytest.mark.parametrize(
    ("locale", "expected_date", "expected_money"),
    [
        ("fi", "24.11.2026", "45,00\xa0€"),
        ("sv", "24 nov. 2026", "45,00\xa0€"),
        ("en", "24 Nov 2026", "€45.00"),
    ],
)
def test_dates_and_money_follow_the_locale(
    app: Flask, locale: str, expected_date: str, expected_money: str
) -> None:
    with app.test_request_context(), force_locale(locale):
        assert local_date(date(2026, 11, 24)) == expected_date
        assert money(Decimal("45")) == expected_money


def test_times_are_shown_in_helsinki(app: Flask) -> None:
    winter = datetime(2026, 1, 15, 10, 0, tzinfo=UTC)
    summer = datetime(2026, 7, 15, 10, 0, tzinfo=UTC)
    with app.test_request_context(), force_locale("fi"):
        assert "12.00" in local_datetime(winter, "short")
        assert "13.00" in local_datetime(summer, "short")


def test_english_is_written_as_in_finland_day_month_year_and_24_hours(
    app: Flask, coordinator_client: FlaskClient, coordinator: User, db: Any
) -> None:
    # "12/6/26, 12:59 PM" would read as 12 June to a Finnish reader.
    afternoon = datetime(2026, 12, 6, 10, 59, tzinfo=UTC)  # 12.59 in Helsinki
    with app.test_request_context(), force_locale("en"):
        assert local_datetime(afternoon, "short") == "06/12/2026, 12:59"
        assert local_date(date(2026, 12, 6), "short") == "06/12/2026"
    # A page in English, as the signed-in user chose it.
    coordinator.locale = "en"
    with app.app_context():
        [notification] = notify([coordinator], PARTY_JOINED, link="/directory", party="Kotkan paja")
        notification.created_at = afternoon
        db.session.commit()
    html = coordinator_client.get("/notifications/").get_data(as_text=True)
    assert '<html lang="en">' in html and "Kotkan paja has joined" in html
    assert ">06/12/2026, 12:59</time>" in html
