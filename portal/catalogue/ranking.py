"""The catalogue's search in SQL: which rows match a query's words, and how well.

Each stored search column holds folded words and their stems (:mod:`portal.catalogue.search`).
A query word scores against a row by the first of these rules that holds, in this order, for
its folded form (in full) and its stem (a little less):

* the same word: 1; the head of a stored word ("puusep" → "puuseppäalan"), 3 letters or more: 0.9;
* the tail of a compound, its ending inflected ("teollisuus" in "puusepänteollisuuden"),
  5 letters or more: 0.75 to 0.65; a part of a code, 3 digits or more: 0.7;
* a near miss — consonant gradation, a typo — by trigram similarity (pg_trgm's
  ``word_similarity``, also on SQLite) of at least :data:`FUZZY`, 4 letters or more: 0.7;
* on PostgreSQL also the same stem by its Finnish text-search configuration, of the word as
  typed in the unit's names: 0.62.

A row matches when every query word scores at least :data:`THRESHOLD`; its score is their mean.
The rows are found through an index first — on PostgreSQL the Finnish full-text index and the
trigram index (migration c4f1a8e2d9b3), on SQLite an FTS5 table with the trigram tokenizer kept
in step by triggers — and only those are scored.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import InstrumentedAttribute, aliased

from portal.catalogue.models import QualificationUnit
from portal.catalogue.search import Term
from portal.extensions import db

# A query word must match at least this well somewhere for a row to match.
THRESHOLD = 0.6
# pg_trgm's own default threshold for ``<%``, which the trigram index answers.
FUZZY = 0.6
# The stem matching counts a little less than the word as typed.
STEM_WEIGHT = 0.95
# A word that only PostgreSQL's Finnish configuration finds the stem of counts least.
FINNISH_ONLY = 0.62

# A search column: a model's attribute or any expression of text.
SearchColumn = sa.ColumnElement[str] | InstrumentedAttribute[str]
# (condition, score, costly): the costly rules are asked after all the cheap ones.
Branch = tuple[sa.ColumnElement[bool], float, bool]


def _padded(column: SearchColumn) -> sa.ColumnElement[str]:
    blank = sa.literal(" ", sa.Text)
    return blank + column + blank


def finnish_vector(entity: Any = QualificationUnit) -> sa.ColumnElement[Any]:
    """The PostgreSQL expression the Finnish full-text index is built on (keep them equal)."""
    return sa.func.to_tsvector(
        sa.literal_column("'finnish'::regconfig"),
        # A literal blank, not a parameter: the index's expression must be matched exactly.
        entity.qualification + sa.literal_column("' '") + entity.name,
    )


def _finnish_stem_found(term: Term) -> sa.ColumnElement[bool]:
    """The unit is among those the Finnish full-text index finds for the word as typed.

    Asked as a set that PostgreSQL builds once from the index and then looks each row up in:
    computing the vector for every row would cost more than all the other rules together.
    """
    indexed = aliased(QualificationUnit)
    found = sa.select(indexed.id).where(
        finnish_vector(indexed).op("@@")(sa.func.plainto_tsquery("finnish", term.word))
    )
    return QualificationUnit.id.in_(found)


def _branches(column: SearchColumn, term: Term) -> list[Branch]:
    """(condition, score, costly) of every rule that applies to the term."""
    branches: list[Branch] = []
    for i, form in enumerate(term.forms):
        weight = 1.0 if i == 0 else STEM_WEIGHT
        branches.append((_padded(column).like(f"% {form} %"), weight, False))
        if len(form) >= 3:
            prefix = (sa.literal(" ", sa.Text) + column).like(f"% {form}%")
            branches.append((prefix, 0.9 * weight, False))
        if form.isdigit():
            if len(form) >= 3:
                branches.append((column.like(f"%{form}%"), 0.7 * weight, False))
            continue
        for cut in range(0, min(3, len(form) - 4)):
            score = (0.75 - 0.05 * cut) * weight
            branches.append((column.like(f"%{form[: len(form) - cut]}%"), score, False))
        if len(form) >= 4:
            # A flat score: computing the similarity again to grade it would double the cost
            # of the most expensive rule, for a difference within the near misses only.
            near_miss = sa.func.word_similarity(form, column) >= FUZZY
            branches.append((near_miss, 0.7 * weight, True))
    return branches


def term_score(
    column: SearchColumn, term: Term, *, finnish: bool = False
) -> sa.ColumnElement[float]:
    """How well the term matches the column's words, 0 (not at all) to 1 (exactly)."""
    branches = sorted(_branches(column, term), key=lambda b: (b[2], -b[1]))
    rules = [(condition, score) for condition, score, _ in branches]
    if finnish and not term.word.isdigit():
        # Last: the stored stems above already catch nearly every case.
        rules.append((_finnish_stem_found(term), FINNISH_ONLY))
    return sa.case(*rules, else_=0.0)


def _fts_phrase(text: str) -> str:
    # The words of a search column are letters and digits only, so quoting cannot break out.
    return f'"{text}"'


def sqlite_match(terms: list[Term]) -> str | None:
    """An FTS5 (trigram tokenizer) query finding every row that may match all the terms.

    The trigram index finds any part of a word of 3 letters or more, so the forms themselves
    find the whole words, heads and tails, and a longer word's trigrams the near misses.
    A term with a form too short for trigrams is left to the scoring alone.
    """
    groups = []
    for term in terms:
        if any(len(form) < 3 for form in term.forms):
            continue
        tokens: dict[str, None] = {}
        for form in term.forms:
            tokens.setdefault(_fts_phrase(form), None)
            if len(form) >= 4 and not form.isdigit():
                for i in range(len(form) - 2):
                    tokens.setdefault(_fts_phrase(form[i : i + 3]), None)
        if tokens:
            groups.append("(" + " OR ".join(tokens) + ")")
    return " AND ".join(groups) or None


def _shortest_part(form: str) -> str:
    """The shortest part of the form that a rule other than the near miss looks for."""
    if form.isdigit() or len(form) < 5:
        return form
    return form[: len(form) - (min(3, len(form) - 4) - 1)]


def postgresql_candidates(terms: list[Term]) -> sa.ColumnElement[bool]:
    """Rows that may match all the terms, in a form PostgreSQL answers from its GIN indexes."""
    column = QualificationUnit.search_text
    conditions = []
    for term in terms:
        # The cheap comparisons first: a row that matches one is not asked the costlier ones.
        alternatives: list[sa.ColumnElement[bool]] = [
            column.like(f"%{_shortest_part(form)}%") for form in term.forms
        ]
        for form in term.forms:
            if len(form) >= 4 and not form.isdigit():
                alternatives.append(sa.literal(form, sa.Text).op("<%")(column))
        if not term.word.isdigit():
            # Here the vector itself, which the index answers (see _finnish_stem_found).
            alternatives.append(
                finnish_vector().op("@@")(sa.func.plainto_tsquery("finnish", term.word))
            )
        conditions.append(sa.or_(*alternatives))
    return sa.and_(*conditions)


def unit_candidates(terms: list[Term], dialect: str) -> sa.ColumnElement[bool]:
    """Qualification units that may match all the terms, found through the search index."""
    if dialect == "postgresql":
        return postgresql_candidates(terms)
    match = sqlite_match(terms)
    if match is None:
        return sa.true()
    fts = sa.table("qualification_unit_fts", sa.column("rowid"))
    found = sa.select(fts.c.rowid).where(
        sa.literal_column("qualification_unit_fts").op("MATCH")(match)
    )
    return QualificationUnit.id.in_(found)


def scored(
    column: SearchColumn, terms: list[Term], *, finnish: bool = False
) -> tuple[list[sa.ColumnElement[float]], sa.ColumnElement[float]]:
    """Each term's score and their mean, for a row of ``column``."""
    scores = [term_score(column, term, finnish=finnish) for term in terms]
    mean = sum(scores[1:], scores[0]) / len(scores)
    return scores, mean


def matching_units(
    terms: list[Term], dialect: str, environment_ids: list[int] | None = None
) -> sa.Subquery:
    """The qualification units matching every term: their id, report and score; of the given
    reports only, if any are given."""
    scores, mean = scored(QualificationUnit.search_text, terms, finnish=dialect == "postgresql")
    candidates = (
        sa.select(
            QualificationUnit.id,
            QualificationUnit.environment_id,
            mean.label("score"),
            *(score.label(f"term_{i}") for i, score in enumerate(scores)),
        )
        .where(
            unit_candidates(terms, dialect),
            *(
                [QualificationUnit.environment_id.in_(environment_ids)]
                if environment_ids is not None
                else []
            ),
        )
        # A fence (OFFSET 0): without it the database folds this query into the one around
        # it and computes each term's score again for the filter below.
        .offset(0)
        .subquery("scored_units")
    )
    return (
        sa.select(candidates.c.id, candidates.c.environment_id, candidates.c.score)
        .where(*(candidates.c[f"term_{i}"] >= THRESHOLD for i in range(len(scores))))
        .subquery("matching_units")
    )


@contextmanager
def index_scans_preferred(dialect: str) -> Iterator[None]:
    """Around a ranked search on PostgreSQL: have the planner ask the search indexes.

    The planner takes pg_trgm's similarity for an operator as cheap as an equality, so for a
    common word it would rather compute it for every row (10,000 units: half a second) than
    ask the trigram index for the few that come near (tens of milliseconds). Only this
    statement is planned so; the setting returns to its default right after.
    """
    if dialect != "postgresql":
        yield
        return
    db.session.execute(sa.text("SET LOCAL enable_seqscan = off"))
    try:
        yield
    finally:
        db.session.execute(sa.text("SET LOCAL enable_seqscan TO DEFAULT"))
