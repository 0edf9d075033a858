"""The README tells the truth about what it names."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_vendored_htmx_matches_the_version_and_checksum_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text()
    match = re.search(r"htmx\.org@(\d+\.\d+\.\d+).*?sha256 ([0-9a-f]{64})", readme, re.S)
    assert match, "the README names htmx's version and SHA-256"
    version, checksum = match.groups()
    vendored = ROOT / "portal/static/vendor" / f"htmx-{version}.min.js"
    assert hashlib.sha256(vendored.read_bytes()).hexdigest() == checksum


def test_readme_shows_the_two_commands_first() -> None:
    readme = (ROOT / "README.md").read_text()
    first_code = readme[: readme.index("## ", readme.index("make test"))]
    assert "make run" in first_code and "make test" in first_code


def test_readme_documents_every_setting() -> None:
    readme = (ROOT / "README.md").read_text()
    config_source = "".join(p.read_text() for p in sorted((ROOT / "portal/config").glob("*.py")))
    settings = set(re.findall(r'"(PORTAL_[A-Z_]+)"', config_source)) | {"DATABASE_URL"}
    undocumented = sorted(name for name in settings if name not in readme)
    assert undocumented == []
