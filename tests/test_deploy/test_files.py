"""The shipped deploy/ files pass their tools' own checks, and stay in step with the portal."""

from __future__ import annotations

import base64
import os
import pwd
import re
import secrets
import shutil
import subprocess
from pathlib import Path

import pytest

from portal import config
from portal.core.accesslog import RedactingLogger
from portal.core.observability import gunicorn as gunicorn_settings
from tests.test_deploy.render import (
    BIN,
    ENV_EXAMPLE,
    ROOT,
    SITE,
    UNITS,
    VENV_BIN,
    env_file,
    nginx_site,
    nginx_test,
    unit_command,
)

UNIT_FILES = ("silta-web@.service", "silta-outbox.service", "silta-daily.service")


def test_nginx_accepts_the_shipped_site() -> None:
    with nginx_site() as nginx:
        checked = nginx_test(nginx)
    assert checked.returncode == 0, checked.stderr
    assert "syntax is ok" in checked.stderr and "test is successful" in checked.stderr
    # A warning (a directive ignored, a duplicate) is a mistake in the file too; but for
    # the http2 listen parameter, which nginx from 1.25.1 still takes but calls deprecated.
    warnings = [
        line
        for line in checked.stderr.splitlines()
        if "[warn]" in line and 'the "listen ... http2" directive is deprecated' not in line
    ]
    assert warnings == [], checked.stderr


def test_nginx_refuses_a_broken_site() -> None:
    # The check above could not pass on a file nginx does not understand.
    with nginx_site() as nginx:
        site = nginx.directory / "silta.conf"
        site.write_text(site.read_text().replace("proxy_buffering off;", "proxy_buffering of;"))
        checked = nginx_test(nginx)
    assert checked.returncode != 0 and "proxy_buffering" in checked.stderr


def test_the_body_limit_is_the_portals_upload_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PORTAL_MAX_UPLOAD_MB", raising=False)
    limits = re.findall(r"client_max_body_size (\d+)m;", SITE.read_text())
    app_limit = config.load(tmp_path)["MAX_CONTENT_LENGTH"]
    assert limits and {int(m) * 1024 * 1024 for m in limits} == {app_limit}


def _render_units(directory: Path) -> list[Path]:
    rendered = []
    for unit in [*UNIT_FILES, "silta-daily.timer"]:
        target = directory / unit
        target.write_text((UNITS / unit).read_text().replace(VENV_BIN, f"{BIN}/"))
        rendered.append(target)
    return rendered


def _systemd_analyze() -> str:
    binary = shutil.which("systemd-analyze")
    if binary is None:
        pytest.skip("systemd-analyze is not installed (make test installs Debian's systemd)")
    return binary


def test_systemd_verifies_the_units(tmp_path: Path) -> None:
    analyze = _systemd_analyze()
    units = _render_units(tmp_path)
    # The template as an operator enables it: an instance per port.
    instance = tmp_path / "silta-web@8001.service"
    verified = subprocess.run(
        [analyze, "verify", "--man=no", *map(str, units), str(instance)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert verified.returncode == 0, verified.stderr
    # verify exits 0 on an unknown or misspelt setting, which it only prints.
    assert verified.stderr.strip() == "", verified.stderr


def test_systemd_verify_notices_a_mistake(tmp_path: Path) -> None:
    analyze = _systemd_analyze()
    (unit,) = [u for u in _render_units(tmp_path) if u.name == "silta-outbox.service"]
    unit.write_text(unit.read_text().replace("ProtectSystem=strict", "ProtectSytem=strict"))
    verified = subprocess.run(
        [analyze, "verify", "--man=no", str(unit)], capture_output=True, text=True, timeout=120
    )
    assert "Unknown key" in verified.stderr and "ProtectSytem" in verified.stderr


@pytest.mark.parametrize("unit", UNIT_FILES)
def test_each_service_is_sandboxed(tmp_path: Path, unit: str) -> None:
    analyze = _systemd_analyze()
    _render_units(tmp_path)
    name = "silta-web@8001.service" if unit.endswith("@.service") else unit
    text = (UNITS / unit).read_text()
    for setting in (
        "ProtectSystem=strict",
        "PrivateTmp=true",
        "NoNewPrivileges=true",
        "ProtectHome=true",
        "CapabilityBoundingSet=\n",
        "SystemCallFilter=@system-service",
        "EnvironmentFile=/etc/silta/silta.env",
        "User=silta",
    ):
        assert setting in text, setting
    # systemd's own score of what the service could still do: 0 is none, 10 everything;
    # "OK" is below 2.0 (threshold 20 on its scale of 100).
    scored = subprocess.run(
        [analyze, "security", "--offline=true", "--no-pager", "--threshold=20", name],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert scored.returncode == 0, scored.stdout[-2000:]
    assert "Overall exposure level" in scored.stdout


def test_the_servers_bind_loopback_only_and_redact_their_access_log() -> None:
    ((command,),) = [unit_command("silta-web@.service", instance="8001")]
    assert command[command.index("--bind") + 1] == "127.0.0.1:8001"
    # The settings module names the logger: it redacts the access log (and writes JSON).
    settings = command[command.index("--config") + 1]
    assert settings == "python:portal.core.observability.gunicorn"
    assert issubclass(gunicorn_settings.logger_class, RedactingLogger)


def test_the_daily_run_purges_applies_retention_and_verifies_the_trail() -> None:
    commands = [c[-2:] for c in unit_command("silta-daily.service")]
    assert commands == [["documents", "purge"], ["retention", "apply"], ["audit", "verify"]]
    timer = (UNITS / "silta-daily.timer").read_text()
    assert "OnCalendar=" in timer and "Persistent=true" in timer


def _settings_the_portal_reads() -> set[str]:
    package = Path(config.__file__).parent
    source = "".join(path.read_text() for path in sorted(package.glob("*.py")))
    found = set(re.findall(r'\benv(?:_int|_bool)?\(\s*"([A-Z0-9_]+)"', source))
    # The reader is found: settings of the package itself and of its storage module.
    assert {"PORTAL_SECRET_KEY", "PORTAL_STORAGE_URL", "PORTAL_S3_PART_MB"} <= found
    return found


def test_the_environment_template_names_every_setting() -> None:
    text = ENV_EXAMPLE.read_text()
    named = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", text, re.MULTILINE))
    not_for_production = {"PORTAL_BENCH", "PORTAL_MAIL_USE_TLS"}
    missing = _settings_the_portal_reads() - named - not_for_production
    assert not missing, f"add to deploy/silta.env.example: {sorted(missing)}"
    for name in not_for_production:
        assert name in text  # and it says why it is not set


def test_the_environment_template_matches_the_site() -> None:
    settings = env_file()
    assert settings["PORTAL_ENV"] == "production"
    # nginx is the one proxy, and serves the public host.
    assert settings["PORTAL_TRUSTED_PROXIES"] == "1"
    host = settings["PORTAL_PUBLIC_URL"].removeprefix("https://")
    assert f"server_name {host};" in SITE.read_text()
    # The documents live where the units may write.
    assert settings["PORTAL_STORAGE_DIR"].startswith("/var/lib/silta/")
    for unit in UNIT_FILES:
        assert "ReadWritePaths=/var/lib/silta\n" in (UNITS / unit).read_text()


def test_the_template_filled_in_passes_the_deployment_check(tmp_path: Path) -> None:
    """silta-flask reads the environment file as sh does and runs a command as the user."""
    if os.geteuid() != 0:
        pytest.skip("silta-flask changes user with runuser, which needs root")
    text = ENV_EXAMPLE.read_text()
    text = text.replace("PORTAL_SECRET_KEY=\n", f"PORTAL_SECRET_KEY={secrets.token_urlsafe(48)}\n")
    text = text.replace("PORTAL_AUDIT_KEY=\n", f"PORTAL_AUDIT_KEY={secrets.token_urlsafe(48)}\n")
    text = re.sub(
        r"^DATABASE_URL=.*$",
        f"DATABASE_URL=sqlite:///{tmp_path}/none.sqlite3",
        text,
        flags=re.MULTILINE,
    )
    (tmp_path / "silta.env").write_text(text)
    (tmp_path / "storage_key").write_text(base64.b64encode(os.urandom(32)).decode())
    environment = {
        "PATH": os.environ["PATH"],
        "SILTA_ENV_FILE": str(tmp_path / "silta.env"),
        "SILTA_KEY_FILE": str(tmp_path / "storage_key"),
        "SILTA_APP": str(ROOT),
        "SILTA_VENV": str(BIN.parent),
        "SILTA_USER": pwd.getpwuid(os.geteuid()).pw_name,
    }
    checked = subprocess.run(
        ["sh", str(ROOT / "deploy" / "silta-flask"), "check", "--deploy"],
        capture_output=True,
        text=True,
        timeout=120,
        env=environment,
    )
    findings = re.findall(r"^([a-z0-9-]+): ", checked.stdout, re.MULTILINE)
    # Every setting of the template is safe for production; only the database is not there.
    assert findings == ["database"], checked.stdout + checked.stderr
    assert checked.returncode == 1
