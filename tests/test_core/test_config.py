from __future__ import annotations

from pathlib import Path

import pytest

from portal import config, create_app


def test_production_refuses_to_start_without_a_secret_key(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.delenv("PORTAL_SECRET_KEY", raising=False)
    with pytest.raises(config.ConfigError, match="PORTAL_SECRET_KEY"):
        config.load(tmp_path)


def test_development_creates_a_secret_key_once(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("PORTAL_ENV", raising=False)
    monkeypatch.delenv("PORTAL_SECRET_KEY", raising=False)
    first = config.load(tmp_path)["SECRET_KEY"]
    second = config.load(tmp_path)["SECRET_KEY"]
    assert first == second and len(first) > 40
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_production_cookies_are_secure(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.setenv("PORTAL_SECRET_KEY", "x" * 50)
    monkeypatch.setenv("PORTAL_STORAGE_KEY", "A" * 43 + "=")
    settings = config.load(tmp_path)
    assert settings["SESSION_COOKIE_SECURE"] is True
    assert settings["SESSION_COOKIE_HTTPONLY"] is True
    assert settings["SESSION_COOKIE_SAMESITE"] == "Lax"


@pytest.mark.parametrize(
    ("given", "used"),
    [
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql://u@h:5432/db", "postgresql+psycopg://u@h:5432/db"),
        ("sqlite:///x.db", "sqlite:///x.db"),
    ],
)
def test_database_urls_use_psycopg(given: str, used: str) -> None:
    assert config.normalise_database_url(given) == used


def test_malformed_number_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PORTAL_MAX_UPLOAD_MB", "lots")
    with pytest.raises(config.ConfigError, match="PORTAL_MAX_UPLOAD_MB"):
        config.load(tmp_path)


def test_app_factory_accepts_overrides(tmp_path: Path) -> None:
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db", "PAGE_SIZE": 3})
    assert app.config["PAGE_SIZE"] == 3
