"""Finnish, Swedish and English are complete: every interface text is translated."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages import checkers
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "_l": None,
    "lazy_gettext": None,
    "lazy_ngettext": (1, 2),
}
METHODS = [
    ("portal/**.py", "python"),
    ("portal/templates/**.html", "jinja2"),
    ("portal/templates/**.txt", "jinja2"),
]


def source_messages() -> set[str]:
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map=METHODS, keywords={**KEYWORDS}, options_map={}
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


@pytest.mark.parametrize("locale", ["fi", "sv", "en"])
def test_every_text_is_translated(locale: str) -> None:
    with (ROOT / "portal/translations" / locale / "LC_MESSAGES/messages.po").open("rb") as f:
        catalogue = read_po(f, locale=locale)
    translated = {}
    for message in catalogue:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if all(strings) and not message.fuzzy:
            translated[key] = message
    missing = sorted(source_messages() - translated.keys())
    assert missing == [], f"untranslated in {locale}: run `make extract-messages` and translate"
    for message in translated.values():
        # The placeholders of a translation must be those of the source text.
        checkers.python_format(catalogue, message)
