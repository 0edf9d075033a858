"""Hash chains kept one per part of a table (one per placement, say), rather than one per table.

A row of a part chain is numbered and hashed like a row of :mod:`audit_chain`'s chains — the
same key, the same canonical form — but ``seq`` counts within its part, and each part's
chain begins at 1 after :data:`~portal.core.audit_chain.GENESIS`. The head a new row
continues from is the part's newest row, which a page may read together with the object the
part belongs to: appending then costs one INSERT and no lock. Two writers that read the same
head both try the same ``(part, seq)``; the table's unique constraint refuses the second,
which reads the head again and retries (:func:`link`).

``flask audit verify`` walks these chains too (:func:`verify_all`): an edited row no longer
matches its hash, a deleted one leaves a gap in its part's numbers, an inserted one does
not continue its part's chain. As in every chain, the newest rows of a part can be removed
without a trace in what is left; the rows of the other parts are unaffected.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from typing import Any, ClassVar

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, Session, mapped_column

from portal.core.audit_chain import GENESIS, Problem, Result, _key_for, compute_hash

# Every part-chained model, by its chain's name; the models register themselves.
PART_CHAINS: dict[str, type[PartChained]] = {}


class PartChained:
    """A mixin for an append-only model whose rows form one hash chain per part.

    The model declares ``UniqueConstraint(part_column, "seq")``, so that a fork is refused.
    """

    chain_name: ClassVar[str]
    chain_columns: ClassVar[tuple[str, ...]]
    # The column that names the part (e.g. "placement_id"); it is among chain_columns.
    part_column: ClassVar[str]

    seq: Mapped[int] = mapped_column(sa.BigInteger)
    prev_hash: Mapped[str] = mapped_column(sa.String(64))
    hash: Mapped[str] = mapped_column(sa.String(64))

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "chain_name" in cls.__dict__:
            PART_CHAINS[cls.chain_name] = cls


def head_of(session: Session, model: type[PartChained], part: int) -> tuple[int, str]:
    """The part's newest ``seq`` and hash; ``(0, GENESIS)`` for a part with no rows yet."""
    table = model.__table__  # type: ignore[attr-defined]
    stmt = (
        sa.select(table.c.seq, table.c.hash)
        .where(table.c[model.part_column] == part)
        .order_by(table.c.seq.desc())
        .limit(1)
    )
    row = session.connection().execute(stmt).first()
    return (int(row.seq), str(row.hash)) if row is not None else (0, GENESIS)


def link(session: Session, row: PartChained, head: tuple[int, str]) -> None:
    """Number and hash ``row`` as the next of its part after ``head``; every column the hash
    covers must be set."""
    seq, previous = head[0] + 1, head[1] or GENESIS
    values = {name: getattr(row, name) for name in row.chain_columns}
    row.seq, row.prev_hash = seq, previous
    row.hash = compute_hash(_key_for(session), values, seq, previous)


def _rows(session: Session, model: type[PartChained]) -> Iterator[Any]:
    # Straight from the table, never from the session's memory of the rows.
    table = model.__table__  # type: ignore[attr-defined]
    part = table.c[model.part_column]
    stmt = sa.select(table).order_by(part, table.c.seq, table.c.id)
    yield from session.connection().execute(stmt.execution_options(yield_per=1000))


def verify_chain(session: Session, model: type[PartChained]) -> tuple[Result, list[Problem]]:
    """Walk every part's chain from its start and name every row not as it was appended."""
    key = _key_for(session)
    name = model.chain_name
    result = Result(name)
    problems: list[Problem] = []
    part: Any = object()
    expected, previous_hash = 1, GENESIS
    for row in _rows(session, model):
        result.rows += 1
        if getattr(row, model.part_column) != part:
            part = getattr(row, model.part_column)
            expected, previous_hash = 1, GENESIS
        where = f"{model.part_column} {part}: "
        if row.seq > expected:
            missing = (
                f"seq {expected}" if row.seq == expected + 1 else f"seq {expected}–{row.seq - 1}"
            )
            problems.append(
                Problem(name, row.id, row.seq, f"{where}deleted: {missing} missing before it")
            )
        elif row.seq < expected or row.prev_hash != previous_hash:
            problems.append(
                Problem(name, row.id, row.seq, f"{where}inserted: it does not continue the chain")
            )
        values = {column: getattr(row, column) for column in model.chain_columns}
        if not hmac.compare_digest(compute_hash(key, values, row.seq, row.prev_hash), row.hash):
            problems.append(
                Problem(
                    name,
                    row.id,
                    row.seq,
                    f"{where}edited: its content does not match its hash "
                    "(or it was inserted without the key)",
                )
            )
        expected, previous_hash = row.seq + 1, row.hash
        result.head_seq, result.head_hash = row.seq, row.hash
    return result, problems


def verify_all(session: Session) -> tuple[list[Result], list[Problem]]:
    results, problems = [], []
    for name in sorted(PART_CHAINS):
        result, found = verify_chain(session, PART_CHAINS[name])
        results.append(result)
        problems.extend(found)
    return results, problems
