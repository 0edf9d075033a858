"""pg_trgm's ``word_similarity`` in Python, for SQLite.

Queries that rank by trigram similarity call ``word_similarity(query, text)`` in SQL; PostgreSQL
answers from its pg_trgm extension, SQLite from this function registered on every connection
(see :mod:`portal.core.database`), so that both databases find and rank the same rows. It follows
pg_trgm's algorithm (``calc_word_similarity`` in trgm_op.c): the query's trigrams are compared
with the best continuous stretch of the text's trigrams, which is how a query word matches the
head or the tail of a long compound word and survives a typo.
"""

from __future__ import annotations

import re
from functools import lru_cache

_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@lru_cache(maxsize=16384)
def _trigrams(text: str) -> tuple[str, ...]:
    """Each word's trigrams in order, the word padded as pg_trgm pads it (two blanks, one)."""
    found: list[str] = []
    for word in _WORD.findall(text.lower()):
        padded = f"  {word} "
        found.extend(padded[i : i + 3] for i in range(len(padded) - 2))
    return tuple(found)


def _jaccard(count: int, query_size: int, extent_size: int) -> float:
    return count / (query_size + extent_size - count)


def word_similarity(query: str | None, text: str | None) -> float | None:
    """How well the query matches the most similar continuous part of the text, 0 to 1."""
    if query is None or text is None:
        return None
    return _word_similarity(query, text)


# A search asks the same pairs several times (to find, to filter, to rank), row after row.
@lru_cache(maxsize=65536)
def _word_similarity(query: str, text: str) -> float:
    wanted = frozenset(_trigrams(query))
    sequence = _trigrams(text)
    if not wanted or wanted.isdisjoint(sequence):
        return 0.0
    # pg_trgm's iterate_word_similarity: move the upper end over the text's trigrams; each
    # time it lands on one of the query's, pull the lower end up as far as it improves things.
    last_seen: dict[str, int] = {}
    lower = -1
    count = extent_size = 0
    best = 0.0
    for i, trigram in enumerate(sequence):
        if lower >= 0 or trigram in wanted:
            if last_seen.get(trigram, -1) < 0:
                extent_size += 1
                if trigram in wanted:
                    count += 1
            last_seen[trigram] = i
        if trigram not in wanted:
            continue
        if lower == -1:
            lower = i
            extent_size = 1
        current = _jaccard(count, len(wanted), extent_size)
        tmp_count, tmp_size, previous_lower = count, extent_size, lower
        for tmp_lower in range(lower, i + 1):
            tmp = _jaccard(tmp_count, len(wanted), tmp_size)
            if tmp > current:
                current, extent_size, lower, count = tmp, tmp_size, tmp_lower, tmp_count
            dropped = sequence[tmp_lower]
            if last_seen.get(dropped) == tmp_lower:
                tmp_size -= 1
                if dropped in wanted:
                    tmp_count -= 1
        best = max(best, current)
        for tmp_lower in range(previous_lower, lower):
            dropped = sequence[tmp_lower]
            if last_seen.get(dropped) == tmp_lower:
                last_seen[dropped] = -1
    return best
