"""SQLite's ``word_similarity`` gives what PostgreSQL's pg_trgm gives, so both databases find
and rank the same rows (the figures are pg_trgm's, read from PostgreSQL 15)."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from portal.core.trigrams import word_similarity
from tests import databases

CASES = [
    ("word", "two words", 0.8),  # pg_trgm's documentation
    ("puusepaa", "puuseppaalan puuseppaal perustutkinto", 0.667),
    ("teollisuus", "puusepanteollisuuden tuotteiden valmistus", 0.636),
    ("kiinteistojen", "kiinteistopalvelujen kiinteistopalvelu perustutkinto", 0.857),
    ("levytoiden", "levytyot levytyo", 0.455),
    ("1068", "106789", 0.6),
    ("kokki", "puusepanteollisuuden", 0.0),
    ("perustutkino", "puuseppaalan puuseppaal perustutkinto", 0.846),
    ("ruoanvalmistus", "levytyot puusepanteollisuuden tuotteiden valmistus", 0.533),
]


@pytest.mark.parametrize(("query", "text", "expected"), CASES)
def test_word_similarity_is_pg_trgms(query: str, text: str, expected: float) -> None:
    assert word_similarity(query, text) == pytest.approx(expected, abs=0.0005)


def test_the_database_answers_word_similarity(db: Any) -> None:
    value = db.session.scalar(sa.select(sa.func.word_similarity("word", "two words")))
    assert value == pytest.approx(0.8)
    assert db.session.scalar(sa.select(sa.func.word_similarity(None, "x"))) is None


@pytest.mark.skipif(not databases.is_postgresql(), reason="compares with pg_trgm itself")
@pytest.mark.parametrize(("query", "text", "expected"), CASES)
def test_it_agrees_with_pg_trgm(db: Any, query: str, text: str, expected: float) -> None:
    in_postgresql = db.session.scalar(sa.select(sa.func.word_similarity(query, text)))
    assert word_similarity(query, text) == pytest.approx(in_postgresql)
