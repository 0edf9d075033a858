"""Backups that restore: the database and the document store, consistent with each other.

A backup is a directory::

    manifest.json          what is inside, with a SHA-256 of every file
    database.sqlite3       SQLite: a copy made with SQLite's online backup API
    database.pgdump        PostgreSQL: ``pg_dump --format=custom``
    documents/objects/…    the stored documents, still encrypted, as the store keeps them

It is taken while the portal runs. Stored files are written once and never changed, so the
database is copied first and then every file the copy refers to: a document uploaded
meanwhile is not in the copy's database, so its file is not needed. The storage key that
decrypts the files is *not* in the backup; keep it apart, with the other secrets.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3

# pg_dump and pg_restore are run with an argument list, no shell, from the installation's settings.
import subprocess  # nosec B404
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.engine import URL, make_url

from portal.core.audit_chain import CHAINS
from portal.core.database import is_search_structure
from portal.core.models import utcnow
from portal.extensions import db

FORMAT = 1
MANIFEST = "manifest.json"
DOCUMENTS = "documents"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"

# The stored files a database refers to. Purged versions have no key.
STORED_KEYS = "SELECT storage_key FROM document_version WHERE storage_key IS NOT NULL"


class BackupError(Exception):
    """The backup cannot be written, or cannot be restored here."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _storage_root() -> Path:
    _refuse_object_storage()
    return Path(current_app.config["STORAGE_DIR"])


def _refuse_object_storage() -> None:
    """A backup without its documents must not look complete, nor a restore succeed."""
    if current_app.config.get("STORAGE_URL"):
        raise BackupError(
            "the documents are in object storage (PORTAL_STORAGE_URL), which this command "
            "does not copy: back the bucket up with its own means (versioning, replication) "
            "and the database with pg_dump"
        )


def _heads(rows: Any) -> dict[str, dict[str, Any]]:
    return {name: {"seq": seq, "hash": digest} for name, seq, digest in rows}


def _heads_query() -> str:
    # The newest row of each chain, so that a restored trail can be checked against it. The
    # names are the chained models' own, never input.
    return " UNION ALL ".join(
        f"SELECT '{name}', seq, hash FROM (SELECT seq, hash FROM {model.__tablename__} "  # type: ignore[attr-defined]  # nosec B608
        "ORDER BY seq DESC LIMIT 1) AS head"
        for name, model in sorted(CHAINS.items())
    )


# --- PostgreSQL through its own tools -------------------------------------------------------


def _libpq(url: URL) -> tuple[str, dict[str, str]]:
    """The URL for pg_dump and pg_restore, and an environment giving the password."""
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _tool(name: str) -> str:
    found = shutil.which(name) or f"/usr/bin/{name}"
    if not Path(found).exists():
        raise BackupError(f"{name} is not installed; install the PostgreSQL client tools")
    return found


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # nosec B603
    if done.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {done.stderr.strip()}")


def _dump_postgresql(target: Path) -> tuple[list[str], dict[str, dict[str, Any]]]:
    """Dump the database from a snapshot, and read from the same snapshot what it refers to."""
    url, env = _libpq(make_url(db.engine.url))
    with db.engine.connect() as connection:
        connection = connection.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin():
            snapshot = connection.execute(sa.text("SELECT pg_export_snapshot()")).scalar_one()
            keys = list(connection.execute(sa.text(STORED_KEYS)).scalars())
            heads = _heads(connection.execute(sa.text(_heads_query())).all())
            # pg_dump reads the very snapshot this transaction holds open.
            _run(
                [
                    _tool("pg_dump"),
                    "--format=custom",
                    f"--snapshot={snapshot}",
                    "--file",
                    str(target),
                    "--dbname",
                    url,
                ],
                env,
            )
    return keys, heads


# --- SQLite with its online backup API ------------------------------------------------------


@contextmanager
def _raw_sqlite() -> Iterator[sqlite3.Connection]:
    raw = db.engine.raw_connection()
    try:
        connection = raw.driver_connection
        assert isinstance(connection, sqlite3.Connection)
        yield connection
    finally:
        raw.close()


def _dump_sqlite(target: Path) -> tuple[list[str], dict[str, dict[str, Any]]]:
    copy = sqlite3.connect(target)
    try:
        with _raw_sqlite() as source:
            source.backup(copy)
        keys = [row[0] for row in copy.execute(STORED_KEYS)]
        heads = _heads(copy.execute(_heads_query()).fetchall())
    finally:
        copy.close()
    return keys, heads


# --- Backing up -----------------------------------------------------------------------------


def backup(path: Path) -> dict[str, Any]:
    """Write a backup into ``path``, a new or empty directory; return its manifest."""
    _refuse_object_storage()
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise BackupError(f"{path} exists and is not an empty directory")
    path.mkdir(parents=True, exist_ok=True)
    dialect = db.engine.dialect.name
    database = path / (PG_FILE if dialect == "postgresql" else SQLITE_FILE)
    if dialect == "postgresql":
        keys, heads = _dump_postgresql(database)
    elif dialect == "sqlite":
        keys, heads = _dump_sqlite(database)
    else:
        raise BackupError(f"cannot back up a {dialect} database")

    root = _storage_root()
    files: dict[str, str] = {}
    missing: list[str] = []
    for key in sorted(keys):
        source = root / key
        if not source.is_file():
            # Purged between the snapshot and now: the copy refers to bytes that are gone.
            missing.append(key)
            continue
        destination = path / DOCUMENTS / key
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, destination)
        files[key] = _sha256(destination)

    manifest = {
        "format": FORMAT,
        "created_at": utcnow().isoformat(),
        "dialect": dialect,
        "database": {"file": database.name, "sha256": _sha256(database)},
        "files": files,
        "missing_files": missing,
        "audit_heads": heads,
    }
    (path / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
    return manifest


# --- Restoring ------------------------------------------------------------------------------


def read_manifest(path: Path) -> dict[str, Any]:
    """The backup's manifest, after checking every file against its checksum."""
    try:
        manifest: dict[str, Any] = json.loads((path / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{path} has no readable {MANIFEST}") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    database = path / manifest["database"]["file"]
    if not database.is_file() or _sha256(database) != manifest["database"]["sha256"]:
        raise BackupError(f"{database.name} is missing or damaged")
    for key, digest in manifest["files"].items():
        stored = path / DOCUMENTS / key
        if not stored.is_file() or _sha256(stored) != digest:
            raise BackupError(f"the stored file {key} is missing or damaged")
    return manifest


def _nonempty_tables() -> list[str]:
    inspector = sa.inspect(db.engine)
    found = []
    with db.engine.connect() as connection:
        for table in inspector.get_table_names():
            # A search index's own tables (SQLite's FTS5) keep bookkeeping rows even when empty.
            if table == "alembic_version" or is_search_structure(table):
                continue
            # A table the database itself lists, quoted as an identifier.
            quoted = db.engine.dialect.identifier_preparer.quote(table)
            if connection.execute(sa.text(f"SELECT 1 FROM {quoted} LIMIT 1")).first():  # nosec B608
                found.append(table)
    return found


def check_empty() -> None:
    """Refuse to restore over anything: the database and the document store must be empty."""
    tables = _nonempty_tables()
    if tables:
        raise BackupError(
            "the database is not empty (rows in " + ", ".join(sorted(tables)) + "); "
            "restore only into a new installation"
        )
    objects = _storage_root() / "objects"
    if objects.is_dir() and any(p.is_file() for p in objects.rglob("*")):
        raise BackupError(f"the document store {_storage_root()} is not empty")


def restore(path: Path) -> dict[str, Any]:
    """Bring a backup back into this installation, which must be empty; return its manifest."""
    _refuse_object_storage()
    manifest = read_manifest(path)
    dialect = db.engine.dialect.name
    if manifest["dialect"] != dialect:
        raise BackupError(f"the backup is of a {manifest['dialect']} database, this is {dialect}")
    check_empty()
    db.session.remove()
    database = path / manifest["database"]["file"]
    if dialect == "postgresql":
        url, env = _libpq(make_url(db.engine.url))
        db.engine.dispose()
        _run(
            [
                _tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-acl",
                "--single-transaction",
                "--exit-on-error",
                "--dbname",
                url,
                str(database),
            ],
            env,
        )
    else:
        source = sqlite3.connect(database)
        try:
            with _raw_sqlite() as target:
                source.backup(target)
        finally:
            source.close()
    db.engine.dispose()

    root = _storage_root()
    for key in manifest["files"]:
        destination = root / key
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path / DOCUMENTS / key, destination)

    # The restored trail ends where the backed-up one did.
    with db.engine.connect() as connection:
        heads = _heads(connection.execute(sa.text(_heads_query())).all())
    db.engine.dispose()
    if heads != manifest["audit_heads"]:
        raise BackupError("the restored audit trail does not end where the backup's did")
    return manifest
