"""The words of the catalogue's search, as stored and as typed.

Qualification units and reports are stored with a search column of their words in two forms:
folded (lower case, ä→a, ö→o, å→a) and stemmed with the Snowball Finnish stemmer, so that
"puusepän" and "puuseppä" meet in the stem "puusep". The column is computed here, in Python,
when a row is written, because neither database stems and folds alike; the database then
matches and ranks these words (see :mod:`portal.catalogue.ranking`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_FOLD = str.maketrans({"ä": "a", "ö": "o", "å": "a", "é": "e", "ü": "u"})
# Words that carry no meaning in a search of qualification names, in the three languages.
STOPWORDS = frozenset({"ja", "tai", "sekä", "seka", "och", "eller", "and", "or", "of", "the"})


@lru_cache(maxsize=1)
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("finnish")


def fold(text: str) -> str:
    """Lower-case the text and drop the diacritics that people leave out when typing in haste."""
    return unicodedata.normalize("NFC", text).lower().translate(_FOLD)


def words(text: str) -> list[str]:
    """The words of a text in lower case, without punctuation and stopwords."""
    lowered = unicodedata.normalize("NFC", text).lower()
    return [w for w in _WORD.findall(lowered) if fold(w) not in STOPWORDS]


@lru_cache(maxsize=4096)
def _forms(word: str) -> tuple[str, ...]:
    """The folded word and its folded stem (the stemmer needs the real ä and ö)."""
    folded = fold(word)
    stem = fold(_stemmer().stemWord(word)) if not word.isdigit() else folded
    return (folded,) if stem == folded else (folded, stem)


def index_text(*parts: str) -> str:
    """The search column's value: every word of the parts, folded and stemmed, once each."""
    seen: dict[str, None] = {}
    for part in parts:
        for word in words(part):
            for form in _forms(word):
                seen.setdefault(form, None)
    return " ".join(seen)


@dataclass(frozen=True)
class Term:
    """A word of a query: as typed (in lower case) and in its folded and stemmed forms."""

    word: str
    forms: tuple[str, ...]


def query_terms(query: str) -> list[Term]:
    """Each word of the query with its folded and stemmed forms."""
    return [Term(word, _forms(word)) for word in words(query)]
