"""Hash chains that make the audit trail show tampering.

Each table of security records (the audit log, the documents' access log) is a chain: every
row has a gap-free sequence number ``seq``, the previous row's hash ``prev_hash`` and its own
``hash`` = HMAC-SHA256(audit key, canonical serialisation of its fields + ``prev_hash``).
The key never lives in the database, so whoever can write to the database but does not
hold the key cannot forge a row that verifies: an edited row no longer matches its hash, a
deleted one leaves a gap in ``seq``, an inserted one does not continue the chain.

The numbers and hashes are given just before the rows are inserted (``before_flush``),
under a lock that lets one transaction at a time append to a chain: PostgreSQL takes a
transaction-level advisory lock; SQLite lets one writer at a time anyway, and a writer
whose snapshot is stale cannot write. ``seq`` is unique, so a fork would be refused by the
database rather than stored.

Retention (``portal.retention``) deletes a chain's oldest rows: the chain then continues
from a sealed checkpoint (the first kept ``seq`` and the hash before it) instead of from
:data:`GENESIS`; see :func:`chain_start` and :func:`remove_oldest`.
"""

from __future__ import annotations

import enum
import functools
import hashlib
import hmac
import itertools
import json
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ClassVar

import sqlalchemy as sa
from flask import Flask, current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Mapped, Session, mapped_column

from portal.core.models import utcnow

GENESIS = "0" * 64

# Every chained model, by its chain's name; the models register themselves by subclassing.
CHAINS: dict[str, type[Chained]] = {}

_order = itertools.count()


class Chained:
    """A mixin for an append-only model whose rows form a hash chain."""

    # The chain's name and the columns its hash covers, in this order.
    chain_name: ClassVar[str]
    chain_columns: ClassVar[tuple[str, ...]]
    # Columns added to a chain after rows were written without them: the hash covers each
    # one whenever it has a value, so that the older rows still verify, while blanking or
    # filling one in later breaks the row's hash as any other edit does.
    chain_optional_columns: ClassVar[tuple[str, ...]] = ()
    # A PostgreSQL advisory lock key of the chain's own.
    chain_lock: ClassVar[int]

    seq: Mapped[int] = mapped_column(sa.BigInteger, unique=True)
    prev_hash: Mapped[str] = mapped_column(sa.String(64))
    hash: Mapped[str] = mapped_column(sa.String(64))

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "chain_name" in cls.__dict__:
            CHAINS[cls.chain_name] = cls
            # Rows are chained in the order the code created them.
            event.listen(cls, "init", _remember_order)

    def prepare_chain(self) -> None:
        """Fill in what the hash covers and the database would otherwise fill in later."""


def _remember_order(target: Chained, _args: Any, _kwargs: Any) -> None:
    target._chain_order = next(_order)  # type: ignore[attr-defined]


# Each application's key by its engine, for rows written outside a request or app context
# (scripts, tests calling services directly).
_ENGINE_KEYS: weakref.WeakKeyDictionary[sa.Engine, bytes] = weakref.WeakKeyDictionary()


def _key_of(config: Any) -> bytes:
    key = config.get("AUDIT_KEY") or ""
    if key:
        return str(key).encode()
    secret = str(config["SECRET_KEY"]).encode()
    return hmac.new(secret, b"silta audit chain", hashlib.sha256).digest()


def audit_key() -> bytes:
    """The HMAC key: PORTAL_AUDIT_KEY, or one derived from the secret key when it is unset."""
    return _key_of(current_app.config)


def init_app(app: Flask) -> None:
    from portal.extensions import db

    with app.app_context():
        _ENGINE_KEYS[db.engine] = _key_of(app.config)


def _key_for(session: Session) -> bytes:
    if has_app_context():
        return audit_key()
    return _ENGINE_KEYS[session.connection().engine]


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    if isinstance(value, enum.Enum):
        return value.value
    return value


def canonical(values: dict[str, Any]) -> bytes:
    """The fields as bytes that are the same whichever database they were read back from."""
    plain = {name: _plain(value) for name, value in values.items()}
    return json.dumps(
        plain, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    ).encode()


def compute_hash(key: bytes, values: dict[str, Any], seq: int, prev_hash: str) -> str:
    """HMAC-SHA256 of the row's fields, its number and the previous row's hash."""
    message = canonical({**values, "seq": seq}) + b"\n" + prev_hash.encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def chained_values(model: type[Chained], get: Callable[[str], Any]) -> dict[str, Any]:
    """What the hash of a row covers: its chain columns, and its optional ones that are set."""
    values = {name: get(name) for name in model.chain_columns}
    for name in model.chain_optional_columns:
        value = get(name)
        if value:
            values[name] = value
    return values


def row_hash(key: bytes, row: Chained) -> str:
    values = chained_values(type(row), lambda name: getattr(row, name))
    return compute_hash(key, values, row.seq, row.prev_hash)


def checkpoint_hash(key: bytes, values: dict[str, Any]) -> str:
    return hmac.new(key, b"checkpoint\n" + canonical(values), hashlib.sha256).hexdigest()


def latest_checkpoint(session: Session, model: type[Chained]) -> Any:
    from portal.core.audit_checkpoint import AuditCheckpoint

    table = AuditCheckpoint.__table__
    stmt = (
        sa.select(table)
        .where(table.c.chain == model.chain_name)
        .order_by(table.c.first_seq.desc())
        .limit(1)
    )
    return session.connection().execute(stmt).first()


def chain_start(session: Session, model: type[Chained]) -> tuple[int, str]:
    """Where the chain begins: its first ``seq`` and the hash before it.

    From 1 and :data:`GENESIS`, or from the latest checkpoint once retention removed rows.
    """
    checkpoint = latest_checkpoint(session, model)
    if checkpoint is None:
        return 1, GENESIS
    return int(checkpoint.first_seq), str(checkpoint.prev_hash)


def _lock(session: Session, model: type[Chained]) -> None:
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": model.chain_lock})
    elif connection.dialect.name == "sqlite":
        # A write that changes nothing takes SQLite's one write lock (waiting for it), so the
        # head read next is the newest; reading first could leave a stale snapshot that
        # cannot write.
        table = model.__table__.name  # type: ignore[attr-defined]
        # The table name is the model's own, never input.
        connection.execute(sa.text(f"UPDATE {table} SET seq = seq WHERE 0 = 1"))  # nosec B608


def _head(session: Session, model: type[Chained]) -> tuple[int, str]:
    table = model.__table__  # type: ignore[attr-defined]
    stmt = sa.select(table.c.seq, table.c.hash).order_by(table.c.seq.desc()).limit(1)
    head = session.connection().execute(stmt).first()
    if head is None:
        first, before = chain_start(session, model)
        return first - 1, before
    return int(head.seq), str(head.hash)


def _append(session: Session, rows: list[Chained]) -> None:
    model = type(rows[0])
    _lock(session, model)
    seq, previous = _head(session, model)
    key = _key_for(session)
    for row in sorted(rows, key=lambda r: getattr(r, "_chain_order", 0)):
        row.prepare_chain()
        seq += 1
        row.seq, row.prev_hash = seq, previous
        row.hash = row_hash(key, row)
        previous = row.hash


def chain_values(session: Session, model: type[Chained], rows: list[dict[str, Any]]) -> None:
    """Number and hash rows written past the ORM (bulk loads), in the order given.

    Each row is a dict of the model's columns as Python values; the rows must be inserted
    in the same transaction, which holds the chain's lock until it ends.
    """
    _lock(session, model)
    seq, previous = _head(session, model)
    key = _key_for(session)
    for row in rows:
        seq += 1
        values = chained_values(model, row.get)
        row["seq"], row["prev_hash"] = seq, previous
        row["hash"] = previous = compute_hash(key, values, seq, previous)


@event.listens_for(Session, "before_flush")
def _chain_new_rows(session: Session, _context: Any, _instances: Any) -> None:
    pending: dict[type[Chained], list[Chained]] = {}
    for obj in session.new:
        if isinstance(obj, Chained) and getattr(obj, "hash", None) is None:
            pending.setdefault(type(obj), []).append(obj)
    for model in sorted(pending, key=lambda m: m.chain_name):
        _append(session, pending[model])


def normalise_json(value: dict[str, Any]) -> dict[str, Any]:
    """The details as the database will give them back, so that the hash covers those."""
    result: dict[str, Any] = json.loads(canonical(value))
    return result


def stamp(row: Chained, column: str = "at") -> None:
    """Give the row its time now, rather than when the database's default would."""
    if getattr(row, column, None) is None:
        setattr(row, column, utcnow())


# --- Verifying ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    chain: str
    row_id: int | None
    seq: int
    what: str

    def __str__(self) -> str:
        row = f"row id {self.row_id}" if self.row_id is not None else "row"
        return f"{self.chain}: {row} (seq {self.seq}): {self.what}"


@dataclass
class Result:
    chain: str
    rows: int = 0
    head_seq: int = 0
    head_hash: str = GENESIS


def _rows(session: Session, model: type[Chained]) -> Iterator[Any]:
    # Straight from the table, never from the session's memory of the rows.
    table = model.__table__  # type: ignore[attr-defined]
    stmt = sa.select(table).order_by(table.c.seq, table.c.id)
    yield from session.connection().execute(stmt.execution_options(yield_per=1000))


def verify_chain(session: Session, model: type[Chained]) -> tuple[Result, list[Problem]]:
    """Walk one chain from its start and name every row that is not as it was appended."""
    key = _key_for(session)
    name = model.chain_name
    first, previous_hash = chain_start(session, model)
    expected = first
    previous_seq: int | None = None
    result = Result(name)
    problems: list[Problem] = []
    checkpoint = latest_checkpoint(session, model)
    if checkpoint is not None:
        values = {column: getattr(checkpoint, column) for column in CHECKPOINT_COLUMNS}
        if not hmac.compare_digest(checkpoint_hash(key, values), checkpoint.hash):
            problems.append(
                Problem(name, None, first, "the checkpoint was not written by retention")
            )
    for row in _rows(session, model):
        result.rows += 1
        row_id = row.id
        if row.seq is None or row.hash is None or row.prev_hash is None:
            problems.append(Problem(name, row_id, 0, "inserted: the row is not in the chain"))
            continue
        if row.seq == previous_seq:
            problems.append(Problem(name, row_id, row.seq, "inserted: the number is taken twice"))
            continue
        if row.seq > expected:
            missing = (
                f"seq {expected}" if row.seq == expected + 1 else f"seq {expected}–{row.seq - 1}"
            )
            problems.append(Problem(name, row_id, row.seq, f"deleted: {missing} missing before it"))
        elif row.prev_hash != previous_hash:
            problems.append(
                Problem(name, row_id, row.seq, "inserted: it does not continue the chain")
            )
        values = chained_values(model, functools.partial(getattr, row))
        if not hmac.compare_digest(compute_hash(key, values, row.seq, row.prev_hash), row.hash):
            problems.append(
                Problem(
                    name,
                    row_id,
                    row.seq,
                    "edited: its content does not match its hash "
                    "(or it was inserted without the key)",
                )
            )
        previous_seq, previous_hash = row.seq, row.hash
        expected = row.seq + 1
        result.head_seq, result.head_hash = row.seq, row.hash
    return result, problems


# What a checkpoint's seal covers (portal.core.audit_checkpoint.AuditCheckpoint.sealed).
CHECKPOINT_COLUMNS = ("chain", "first_seq", "prev_hash", "removed", "made_by", "made_at")


def verify_all(session: Session) -> tuple[list[Result], list[Problem]]:
    results, problems = [], []
    for name in sorted(CHAINS):
        result, found = verify_chain(session, CHAINS[name])
        results.append(result)
        problems.extend(found)
    return results, problems
