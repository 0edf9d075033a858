"""A report older than the configured age is due for review; its coordinators are told."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from portal import config
from portal.auth.models import Role
from portal.catalogue.models import LearningEnvironment
from portal.core import dates
from portal.parties.models import Party, Unit
from tests import factories

MARK = ">Tarkistettava</span>"


def test_a_report_is_due_on_the_day_its_age_is_reached() -> None:
    report = LearningEnvironment(reported_on=date(2024, 3, 1))
    assert not report.is_due_for_review(24, today=date(2026, 2, 28))
    assert report.is_due_for_review(24, today=date(2026, 3, 1))


def test_the_review_age_is_read_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PORTAL_SECRET_KEY", "x" * 32)
    assert config.load(tmp_path)["CATALOGUE_REVIEW_MONTHS"] == 24
    monkeypatch.setenv("PORTAL_CATALOGUE_REVIEW_MONTHS", "12")
    assert config.load(tmp_path)["CATALOGUE_REVIEW_MONTHS"] == 12


def test_an_old_report_is_marked_due_for_review(
    db: Any, staff_client: FlaskClient, wood: Unit, kitchen: Unit
) -> None:
    old = factories.LearningEnvironmentFactory(
        unit=wood, qualification_units=[("T", "Vanha osa", "")], age_days=2 * 365 + 1
    )
    fresh = factories.LearningEnvironmentFactory(
        unit=kitchen, qualification_units=[("T", "Uusi osa", "")], age_days=300
    )
    html = staff_client.get(f"/catalogue/reports/{old.id}").get_data(as_text=True)
    assert MARK in html and "yli 24 kuukautta vanha" in html
    html = staff_client.get(f"/catalogue/reports/{fresh.id}").get_data(as_text=True)
    assert MARK not in html and "kuukautta vanha" not in html
    results = {
        query: staff_client.get(f"/catalogue/?q={query}", headers={"HX-Request": "true"})
        for query in ("vanha", "uusi")
    }
    assert MARK in results["vanha"].get_data(as_text=True)
    assert MARK not in results["uusi"].get_data(as_text=True)


def test_the_configured_age_decides(
    app: Flask,
    monkeypatch: pytest.MonkeyPatch,
    db: Any,
    staff_client: FlaskClient,
    kitchen: Unit,
) -> None:
    report = factories.LearningEnvironmentFactory(
        unit=kitchen, qualification_units=[("T", "Osa", "")], age_days=300
    )
    monkeypatch.setitem(app.config, "CATALOGUE_REVIEW_MONTHS", 6)
    html = staff_client.get(f"/catalogue/reports/{report.id}").get_data(as_text=True)
    assert "yli 6 kuukautta vanha" in html


def test_the_front_page_tells_the_workshops_coordinators(
    db: Any,
    as_user: Callable[..., FlaskClient],
    workshop: Party,
    provider: Party,
    wood: Unit,
    kitchen: Unit,
) -> None:
    factories.LearningEnvironmentFactory(
        unit=kitchen, qualification_units=[("T", "Osa", "")], age_days=3 * 365
    )
    factories.LearningEnvironmentFactory(
        unit=wood, qualification_units=[("T", "Osa", "")], age_days=30
    )
    card = "Tarkistettavat tunnistamisraportit"

    whole_party = as_user(workshop, Role.COORDINATOR).get("/").get_data(as_text=True)
    assert card in whole_party and "Ravintola ja catering" in whole_party
    assert "Puu- ja metallityö" not in whole_party
    # A coordinator of another unit, the workshop's staff and other parties are not told.
    for client in (
        as_user(workshop, Role.COORDINATOR, unit=wood),
        as_user(workshop, Role.STAFF),
        as_user(provider, Role.COORDINATOR),
        as_user(None, Role.ADMIN),
    ):
        assert card not in client.get("/").get_data(as_text=True)
    assert card in as_user(workshop, Role.COORDINATOR, unit=kitchen).get("/").get_data(as_text=True)


def test_updating_the_date_ends_the_review_mark(
    db: Any, coordinator_client: FlaskClient, kitchen: Unit
) -> None:
    report = factories.LearningEnvironmentFactory(
        unit=kitchen, qualification_units=[("T", "Osa", "")], age_days=3 * 365
    )
    assert "Tarkistettavat" in coordinator_client.get("/").get_data(as_text=True)
    response = coordinator_client.post(
        f"/catalogue/reports/{report.id}/edit",
        data={
            "work_description": report.work_description,
            "capacity": "4",
            "reported_on": dates.today().isoformat(),
            "author": "Maria Virtanen",
        },
    )
    assert response.status_code == 303
    assert "Tarkistettavat" not in coordinator_client.get("/").get_data(as_text=True)
