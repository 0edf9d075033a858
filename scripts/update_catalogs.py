"""Collect the interface texts into the catalogues and report what still needs translating.

    .venv/bin/python scripts/update_catalogs.py          # extract, update, report
    .venv/bin/python scripts/update_catalogs.py --check  # only report; exit 1 if any is missing

English is the source language: the English catalogue repeats the source texts, so that
wording can be edited there without touching code. Finnish and Swedish are translated by hand.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "portal" / "translations"
TEMPLATE = TRANSLATIONS / "messages.pot"
PYBABEL = str(Path(sys.executable).with_name("pybabel"))


def catalogue_path(locale: str) -> Path:
    return TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po"


def extract_and_update() -> None:
    subprocess.run(
        [
            PYBABEL,
            "-q",
            "extract",
            "--no-location",
            "--sort-output",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "-o",
            str(TEMPLATE),
            ".",
        ],
        cwd=ROOT,
        check=True,
    )
    subprocess.run(
        [
            PYBABEL,
            "-q",
            "update",
            "--no-fuzzy-matching",
            "--ignore-obsolete",
            "-i",
            str(TEMPLATE),
            "-d",
            str(TRANSLATIONS),
        ],
        cwd=ROOT,
        check=True,
    )


def fill_english() -> None:
    path = catalogue_path("en")
    with path.open("rb") as f:
        catalogue = read_po(f, locale="en")
    for message in catalogue:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.id and not all(strings):
            message.string = message.id
    with path.open("wb") as f:
        write_po(f, catalogue, no_location=True, sort_output=True, ignore_obsolete=True)


def missing(locale: str) -> list[str]:
    with catalogue_path(locale).open("rb") as f:
        catalogue = read_po(f, locale=locale)
    result = []
    for message in catalogue:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            result.append(message.id if isinstance(message.id, str) else message.id[0])
    return result


def main() -> int:
    checking = "--check" in sys.argv
    if not checking:
        extract_and_update()
        fill_english()
    status = 0
    for locale in ("fi", "sv", "en"):
        todo = missing(locale)
        if todo:
            status = 1
            print(f"{locale}: {len(todo)} untranslated")
            for text in todo:
                print(f"  {text}")
    return status if checking else 0


if __name__ == "__main__":
    raise SystemExit(main())
