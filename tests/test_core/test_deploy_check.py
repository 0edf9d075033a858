"""``flask --app portal check --deploy`` lists each unsafe production setting, and a
production start refuses the dangerous ones."""

from __future__ import annotations

import base64
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from flask import Flask
from flask_migrate import upgrade

from portal import create_app
from portal.config import ConfigError
from portal.extensions import db as _db
from tests import factories

STORAGE_KEY = base64.b64encode(b"k" * 32).decode()

# A production configuration the check finds nothing wrong with.
SAFE = {
    "PORTAL_SECRET_KEY": "s" * 48,
    "PORTAL_PUBLIC_URL": "https://silta.example.fi",
    "PORTAL_MAIL_BACKEND": "smtp",
    "PORTAL_MAIL_SERVER": "smtp.example.fi",
    "PORTAL_MAIL_PORT": "587",
    "PORTAL_MAIL_SECURITY": "starttls",
    "PORTAL_RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379",
    "PORTAL_STORAGE_KEY": STORAGE_KEY,
    "PORTAL_SECURE_COOKIES": "1",  # production's default, development's choice
    "PORTAL_REQUIRE_SECOND_STEP": "1",  # production's default too
}
UNSET = (
    "PORTAL_ENV",
    "PORTAL_STORAGE_URL",
    "PORTAL_S3_ENDPOINT_URL",
    "PORTAL_SERVERS",
    "PORTAL_STORAGE_KEY_FILE",
    "PORTAL_TRUSTED_HOSTS",
    "PORTAL_MAIL_USE_TLS",
    "FLASK_DEBUG",
)

# Documents in S3, with credentials as boto3 finds them.
S3 = {
    "PORTAL_STORAGE_URL": "s3://silta-documents/prod",
    "PORTAL_S3_ENDPOINT_URL": "https://s3.example.fi",
    "AWS_ACCESS_KEY_ID": "silta",
    "AWS_SECRET_ACCESS_KEY": "silta-secret",
}
# No credentials anywhere boto3 looks (nor an instance's metadata service to ask).
NO_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": None,
    "AWS_SECRET_ACCESS_KEY": None,
    "AWS_SESSION_TOKEN": None,
    "AWS_PROFILE": None,
    "AWS_SHARED_CREDENTIALS_FILE": "{storage}/no-such-file",
    "AWS_CONFIG_FILE": "{storage}/no-such-file",
    "AWS_EC2_METADATA_DISABLED": "true",
}

# (code, the settings that cause it, whether a production start refuses it)
UNSAFE: list[tuple[str, dict[str, str | None], bool]] = [
    ("secret-key", {"PORTAL_SECRET_KEY": "too-short-a-key"}, True),
    ("debug", {"FLASK_DEBUG": "1"}, True),
    ("insecure-cookies", {"PORTAL_SECURE_COOKIES": "0"}, True),
    ("public-url", {"PORTAL_PUBLIC_URL": None}, True),
    ("public-url", {"PORTAL_PUBLIC_URL": "http://silta.example.fi"}, True),
    ("mail-log", {"PORTAL_MAIL_BACKEND": "log"}, True),
    ("mail-plain", {"PORTAL_MAIL_SECURITY": "none", "PORTAL_MAIL_PORT": "25"}, True),
    ("ratelimit-memory", {"PORTAL_RATELIMIT_STORAGE_URI": "memory://"}, False),
    ("second-step-off", {"PORTAL_REQUIRE_SECOND_STEP": "0"}, False),
    ("sqlite-several-servers", {"PORTAL_SERVERS": "2"}, False),
    ("metrics-public", {"PORTAL_METRICS_ALLOWED": "10.0.5.0/24,0.0.0.0/0"}, False),
    (
        "storage-key",
        {"PORTAL_STORAGE_KEY": None, "PORTAL_STORAGE_KEY_FILE": "{storage}/key"},
        False,
    ),
    ("s3-plain", {**S3, "PORTAL_S3_ENDPOINT_URL": "http://s3.internal:9000"}, False),
    ("s3-credentials", {**S3, **NO_CREDENTIALS}, True),
]


@pytest.fixture(scope="module")
def empty_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated SQLite database without any account: nothing of the demo in it."""
    url = f"sqlite:///{tmp_path_factory.mktemp('deploy') / 'portal.sqlite3'}"
    application = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with application.app_context():
        upgrade()
        _db.engine.dispose()
    yield url


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch, empty_database: str) -> pytest.MonkeyPatch:
    for name in UNSET:
        monkeypatch.delenv(name, raising=False)
    for name, value in SAFE.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("DATABASE_URL", empty_database)
    return monkeypatch


def apply(monkeypatch: pytest.MonkeyPatch, settings: dict[str, str | None]) -> None:
    storage = os.environ["PORTAL_STORAGE_DIR"]
    for name, value in settings.items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value.format(storage=storage))
    if "PORTAL_STORAGE_KEY_FILE" in settings:
        Path(storage, "key").write_text(STORAGE_KEY)


def check(app: Flask) -> Result:
    result: Result = app.test_cli_runner().invoke(args=["check", "--deploy"])
    return result


def test_a_safe_configuration_passes(environment: pytest.MonkeyPatch) -> None:
    result = check(create_app())
    assert result.exit_code == 0, result.output
    assert "No unsafe settings found" in result.output
    environment.setenv("PORTAL_ENV", "production")
    assert check(create_app()).exit_code == 0


def test_documents_in_s3_over_https_with_credentials_pass(
    environment: pytest.MonkeyPatch,
) -> None:
    apply(environment, S3)
    # Or over http to an S3 server on the same machine.
    assert check(create_app()).exit_code == 0
    apply(environment, {"PORTAL_S3_ENDPOINT_URL": "http://127.0.0.1:9000"})
    assert check(create_app()).exit_code == 0


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("PORTAL_STORAGE_URL", "https://silta-documents"),
        ("PORTAL_STORAGE_URL", "s3://Silta_Documents"),
        ("PORTAL_S3_ENDPOINT_URL", "s3.example.fi"),
        ("PORTAL_S3_ADDRESSING_STYLE", "dns"),
        ("PORTAL_S3_PART_MB", "1"),
    ],
)
def test_malformed_object_storage_settings_stop_the_start(
    environment: pytest.MonkeyPatch, name: str, value: str
) -> None:
    apply(environment, S3)
    environment.setenv(name, value)
    with pytest.raises(ConfigError, match=name):
        create_app()


@pytest.mark.parametrize(("code", "settings", "refused"), UNSAFE)
def test_each_unsafe_setting_is_listed(
    environment: pytest.MonkeyPatch, code: str, settings: dict[str, str | None], refused: bool
) -> None:
    apply(environment, settings)
    result = check(create_app())
    assert result.exit_code == 1
    [line] = [line for line in result.output.splitlines() if line.startswith(f"{code}: ")]
    assert ("production refuses to start" in line) is refused
    assert "1 unsafe setting(s)" in result.output


@pytest.mark.parametrize(("code", "settings", "refused"), UNSAFE)
def test_production_refuses_to_start_with_the_dangerous_ones(
    environment: pytest.MonkeyPatch, code: str, settings: dict[str, str | None], refused: bool
) -> None:
    environment.setenv("PORTAL_ENV", "production")
    apply(environment, settings)
    if refused:
        with pytest.raises(ConfigError, match=f"(?m)^{code}: "):
            create_app()
    else:
        result = check(create_app())
        assert result.exit_code == 1 and f"{code}: " in result.output


def test_production_names_every_dangerous_setting_at_once(
    environment: pytest.MonkeyPatch,
) -> None:
    environment.setenv("PORTAL_ENV", "production")
    apply(
        environment,
        {
            "PORTAL_SECRET_KEY": "short",
            "PORTAL_PUBLIC_URL": None,
            "PORTAL_MAIL_BACKEND": "log",
            "PORTAL_SECURE_COOKIES": "no",
        },
    )
    with pytest.raises(ConfigError) as refused:
        create_app()
    for code in ("secret-key", "public-url", "mail-log", "insecure-cookies"):
        assert f"\n{code}: " in str(refused.value)


def test_a_mail_relay_on_this_machine_may_be_spoken_to_in_the_clear(
    environment: pytest.MonkeyPatch,
) -> None:
    environment.setenv("PORTAL_ENV", "production")
    apply(environment, {"PORTAL_MAIL_SECURITY": "none", "PORTAL_MAIL_SERVER": "127.0.0.1"})
    assert check(create_app()).exit_code == 0


def test_demo_accounts_are_listed(app: Flask, runner: Any, db: Any) -> None:
    factories.UserFactory(email="admin@silta.example")
    db.session.commit()
    result = runner.invoke(args=["check", "--deploy"])
    assert result.exit_code == 1
    assert "demo-data: 1 demo accounts, such as admin@silta.example, exist" in result.output
