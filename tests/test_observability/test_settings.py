"""The observability settings: their defaults, and a mistyped one stops the start."""

from __future__ import annotations

from pathlib import Path

import pytest

from portal import config as settings


def test_defaults_text_in_development_json_in_production_loopback_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("PORTAL_LOG_FORMAT", "PORTAL_METRICS_ALLOWED", "PORTAL_ENV"):
        monkeypatch.delenv(name, raising=False)
    loaded = settings.load(tmp_path)
    assert loaded["LOG_FORMAT"] == "text"
    assert loaded["METRICS_ALLOWED"] == ["127.0.0.1/32", "::1/128"]
    assert loaded["READY_MAIL_MINUTES"] == 15
    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.setenv("PORTAL_SECRET_KEY", "s" * 48)
    monkeypatch.setenv("PORTAL_STORAGE_KEY", "A" * 43 + "=")
    assert settings.load(tmp_path)["LOG_FORMAT"] == "json"


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("PORTAL_LOG_FORMAT", "xml", "PORTAL_LOG_FORMAT must be one of json, text"),
        ("PORTAL_METRICS_ALLOWED", "10.0.0.0/8, prometheus", "not 'prometheus'"),
    ],
)
def test_a_mistyped_setting_stops_the_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, value: str, message: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(settings.ConfigError, match=message):
        settings.load(tmp_path)
