"""Bench mode: each response says how many SQL statements it ran; off by default, and
refused in production."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask_login import FlaskLoginClient

from portal import config, create_app
from portal.auth.models import User
from portal.auth.sessions import start_session
from tests.conftest import app_config


def test_in_bench_mode_a_page_tells_how_many_statements_it_ran(
    app: Flask, db: Any, coordinator: User
) -> None:
    bench = create_app(
        app_config(app.config["SQLALCHEMY_DATABASE_URI"], app.config["MAIL_PORT"], BENCH=True)
    )
    bench.test_client_class = FlaskLoginClient
    start_session(coordinator)
    db.session.commit()
    client = bench.test_client(user=coordinator)  # type: ignore[call-arg]

    listing = client.get("/placements/")
    home = client.get("/")

    assert listing.status_code == home.status_code == 200
    # The session's lookup and the page's own queries at least; the front page asks more.
    assert int(listing.headers["X-Statement-Count"]) >= 3
    assert int(home.headers["X-Statement-Count"]) > int(listing.headers["X-Statement-Count"])


def test_outside_bench_mode_no_response_tells_it(coordinator_client: Any) -> None:
    assert "X-Statement-Count" not in coordinator_client.get("/placements/").headers


def test_production_refuses_bench_mode(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.setenv("PORTAL_SECRET_KEY", "x" * 40)
    monkeypatch.setenv("PORTAL_BENCH", "1")
    with pytest.raises(config.ConfigError, match="PORTAL_BENCH"):
        config.load(tmp_path)
