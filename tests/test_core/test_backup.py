"""A backup taken while the portal runs restores into an empty installation: every placement,
document (the same bytes, still decrypting) and audit row comes back, and the chain verifies."""

from __future__ import annotations

import json
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask_login import FlaskLoginClient
from flask_migrate import upgrade

from portal import create_app
from portal.auth.models import Role, User
from portal.auth.sessions import start_session
from portal.core import audit
from portal.core.audit import AuditEvent
from portal.core.storage import get_storage
from portal.documents.models import AccessLogEntry, Classification, Document, DocumentVersion
from portal.extensions import db
from portal.parties.models import Party, PartyKind
from portal.placements import service as placements
from portal.placements.models import Direction, Placement
from tests import databases
from tests.conftest import app_config
from tests.factories import workshop_period_terms
from tests.files import document_form, make_pdf

# The source and the restored installation share the storage key, as an operator keeps it.
STORAGE_KEY = secrets.token_bytes(32)


@dataclass
class Installation:
    app: Flask
    storage: Path

    def cli(self, *args: str) -> Any:
        return self.app.test_cli_runner().invoke(args=list(args))


@contextmanager
def installation(tmp_path: Path, purpose: str, smtp_port: int) -> Iterator[Installation]:
    """A portal of its own: a new database, migrated, and an empty document store."""
    with databases.fresh_database(tmp_path, purpose) as url:
        storage = tmp_path / f"{purpose}-documents"
        config = app_config(url, smtp_port, STORAGE_DIR=str(storage), STORAGE_KEY=STORAGE_KEY)
        app = create_app(config)
        app.test_client_class = FlaskLoginClient
        with app.app_context():
            upgrade()
        try:
            yield Installation(app, storage)
        finally:
            with app.app_context():
                db.session.remove()
                db.engine.dispose()


@pytest.fixture
def source(tmp_path: Path, smtp_server: Any) -> Iterator[Installation]:
    with installation(tmp_path, "bsrc", smtp_server[0].port) as portal:
        yield portal


@pytest.fixture
def target(tmp_path: Path, smtp_server: Any) -> Iterator[Installation]:
    with installation(tmp_path, "bdst", smtp_server[0].port) as portal:
        yield portal


def seed(portal: Installation) -> dict[str, bytes]:
    """Placements, documents uploaded over HTTP and viewed, and the audit rows of it all."""
    app = portal.app
    with app.test_request_context(headers={"Accept-Language": "en"}):
        workshop = Party(name="Parik-säätiö", kind=PartyKind.WORKSHOP, business_id="0914726-0")
        provider = Party(
            name="Ammattiopisto Luovi", kind=PartyKind.EDUCATION_PROVIDER, business_id="2049381-8"
        )
        owner = User(
            email="maria@parik.example", name="Maria", role=Role.COORDINATOR, party=workshop
        )
        sender = User(
            email="paivi@luovi.example", name="Päivi", role=Role.COORDINATOR, party=provider
        )
        db.session.add_all([workshop, provider, owner, sender])
        db.session.flush()
        for n in range(3):
            placement = placements.create(
                sender,
                Direction.TO_WORKSHOP,
                workshop,
                placements.Individual(f"LUOVI-{n}", "A.K."),
                workshop_period_terms(),
            )
            placements.submit(sender, placement)
        db.session.commit()
        owner_id = owner.id

    contents = {f"Raportti {n}": make_pdf(pages=n + 1, text=f"Sisältö {n}") for n in range(3)}
    with app.app_context():
        owner = db.session.get(User, owner_id)
        assert owner is not None
        start_session(owner)
        db.session.commit()
        client = app.test_client(user=owner)  # type: ignore[call-arg]
    for title, content in contents.items():
        form = document_form(title=title, classification=Classification.INTERNAL, content=content)
        response = client.post("/documents/new", data=form, content_type="multipart/form-data")
        assert response.status_code == 303, response.get_data(as_text=True)
        assert client.get(response.headers["Location"]).status_code == 200
    return contents


def snapshot(portal: Installation) -> dict[str, Any]:
    """What the installation holds, by its stable identity."""
    with portal.app.app_context():
        result = {
            "placements": sorted(db.session.scalars(sa.select(Placement.reference))),
            "documents": sorted(db.session.scalars(sa.select(Document.title))),
            "audit": dict(db.session.execute(sa.select(AuditEvent.seq, AuditEvent.hash)).all()),
            "access": dict(
                db.session.execute(sa.select(AccessLogEntry.seq, AccessLogEntry.hash)).all()
            ),
        }
        db.session.remove()
    return result


def test_a_backup_taken_while_the_portal_runs_restores_into_an_empty_installation(
    source: Installation, target: Installation, tmp_path: Path
) -> None:
    contents = seed(source)
    before = snapshot(source)

    # Someone keeps signing in while the backup is taken.
    stop = threading.Event()
    written: list[int] = []
    failures: list[BaseException] = []

    def keep_writing() -> None:
        try:
            with source.app.app_context():
                while not stop.is_set():
                    audit.record("login.failure", actor_email="x@example.com", reason="unknown")
                    db.session.commit()
                    written.append(1)
                db.session.remove()
        except BaseException as error:  # noqa: BLE001  (reported below)
            failures.append(error)

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        while not written:
            threading.Event().wait(0.01)
        backup_dir = tmp_path / "backup"
        result = source.cli("backup", str(backup_dir))
    finally:
        stop.set()
        writer.join()
    assert failures == []
    assert result.exit_code == 0, result.output
    assert "The storage key is not in the backup" in result.output
    manifest = json.loads((backup_dir / "manifest.json").read_text())
    assert len(manifest["files"]) == 3
    head = manifest["audit_heads"]["audit_event"]["seq"]
    assert head >= max(before["audit"])

    restored = target.cli("restore", str(backup_dir))
    assert restored.exit_code == 0, restored.output

    after = snapshot(target)
    assert after["placements"] == before["placements"] == ["LUOVI-0", "LUOVI-1", "LUOVI-2"]
    assert after["documents"] == before["documents"]
    # Every audit row up to the snapshot's head, exactly as it was chained, and the access log.
    assert sorted(after["audit"]) == list(range(1, head + 1))
    assert {seq: after["audit"][seq] for seq in before["audit"]} == before["audit"]
    assert after["access"] == before["access"] and len(after["access"]) == 3

    verified = target.cli("audit", "verify")
    assert verified.exit_code == 0, verified.output
    assert f"audit_event: {head} rows" in verified.output

    with target.app.app_context():
        storage = get_storage()
        versions = db.session.execute(
            sa.select(Document.title, DocumentVersion.storage_key).join(DocumentVersion.document)
        ).all()
        for title, key in versions:
            with storage.open(key) as stored:
                assert stored.read() == contents[title]
        db.session.remove()


def test_restore_refuses_an_installation_that_is_not_empty(
    source: Installation, tmp_path: Path
) -> None:
    seed(source)
    backup_dir = tmp_path / "backup"
    assert source.cli("backup", str(backup_dir)).exit_code == 0

    refused = source.cli("restore", str(backup_dir))
    assert refused.exit_code == 1
    assert "the database is not empty" in refused.output
    assert len(snapshot(source)["placements"]) == 3


def test_a_damaged_backup_is_refused_before_anything_is_restored(
    source: Installation, target: Installation, tmp_path: Path
) -> None:
    seed(source)
    backup_dir = tmp_path / "backup"
    assert source.cli("backup", str(backup_dir)).exit_code == 0
    stored = next((backup_dir / "documents").rglob("*/*/*"))
    stored.write_bytes(stored.read_bytes()[:-1] + b"\0")

    refused = target.cli("restore", str(backup_dir))
    assert refused.exit_code == 1 and "missing or damaged" in refused.output
    assert snapshot(target)["placements"] == []


def test_documents_in_object_storage_are_not_backed_up_as_if_complete(
    source: Installation, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command copies a directory; a bucket is backed up by its own means. A backup
    without the documents, or a restore that brings none back, must not report success."""
    monkeypatch.setitem(source.app.config, "STORAGE_URL", "s3://silta-documents/prod")
    backup_dir = tmp_path / "backup"
    for command, path in (("backup", backup_dir), ("restore", tmp_path)):
        refused = source.cli(command, str(path))
        assert refused.exit_code == 1
        assert "object storage (PORTAL_STORAGE_URL)" in refused.output
    assert not backup_dir.exists()
