"""Finnish-tolerant text matching for the catalogue, the same on every database.

Qualification and unit names are stored with a search column of their words in two forms:
folded (lower case, ä→a, ö→o, å→a) and stemmed with the Snowball Finnish stemmer, so that
"puusepän" and "puuseppä" meet in the stem "puusep". Matching is done here in Python over
the few reports a search can concern, which keeps SQLite and PostgreSQL alike and lets a
query word match the head or the tail of a compound ("puuseppä" → "puuseppäalan",
"teollisuus" → "puusepänteollisuuden") and survive consonant gradation and small typos
("perustutkinnon" → "perustutkinto", "valmistuksen" → "valmistus").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import snowballstemmer

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_FOLD = str.maketrans({"ä": "a", "ö": "o", "å": "a", "é": "e", "ü": "u"})
# Words that carry no meaning in a search of qualification names, in the three languages.
STOPWORDS = frozenset({"ja", "tai", "sekä", "seka", "och", "eller", "and", "or", "of", "the"})
# A query word must match at least this well somewhere for a row to match.
THRESHOLD = 0.6


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


def _distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance with adjacent transpositions, giving up past ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def _term_score(term: str, word: str) -> float:
    """How well one query form matches one stored form, from 0 (not at all) to 1 (exactly)."""
    if term == word:
        return 1.0
    if term.isdigit():
        # Codes: a partial code finds its unit, from the start better than from the middle.
        if len(term) >= 3 and word.isdigit():
            if word.startswith(term):
                return 0.9
            if term in word:
                return 0.7
        return 0.0
    if len(term) >= 3 and word.startswith(term):
        return 0.9
    if len(term) >= 5:
        # The tail of a compound word, its ending inflected: "teollisuus" in
        # "puusepänteollisuuden", whose stem ends "…teollisuud".
        for cut in range(0, min(3, len(term) - 4)):
            if term[: len(term) - cut] in word:
                return 0.75 - 0.05 * cut
    if len(term) >= 4:
        # Gradation and typos: compare with the start of the stored word of about equal length.
        limit = 1 if len(term) < 8 else 2
        best = limit + 1
        for length in {len(term) - 1, len(term), len(term) + 1}:
            if length <= len(word):
                best = min(best, _distance(term, word[:length], limit))
        if best <= limit:
            return 0.8 - 0.1 * best
    return 0.0


def query_terms(query: str) -> list[tuple[str, ...]]:
    """Each word of the query in its folded and stemmed forms."""
    return [_forms(word) for word in words(query)]


def score(terms: list[tuple[str, ...]], indexed: str | Iterable[str]) -> float:
    """How well a row matches every query word (0 when any word is missing), higher is better."""
    if not terms:
        return 0.0
    stored = indexed.split() if isinstance(indexed, str) else list(indexed)
    total = 0.0
    for forms in terms:
        # The word as typed matching counts a little more than its stem matching.
        best = max(
            (
                _term_score(form, word) * (1.0 if i == 0 else 0.95)
                for i, form in enumerate(forms)
                for word in stored
            ),
            default=0.0,
        )
        if best < THRESHOLD:
            return 0.0
        total += best
    return total / len(terms)
