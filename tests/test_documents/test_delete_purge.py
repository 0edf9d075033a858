"""Deleting: gone for everyone at once; the record and access log stay; the bytes are purged
after the retention period, and objects no row refers to are purged too."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from portal.auth.models import User
from portal.core.models import utcnow
from portal.core.storage import get_storage
from portal.documents.models import AccessLogEntry, Document, DocumentVersion
from tests.files import stored_objects
from tests.people import People
from tests.test_documents.conftest import MakeDocument

Login = Callable[[User], FlaskClient]


def test_only_the_owners_coordinator_deletes(
    login: Login, people: People, make_document: MakeDocument
) -> None:
    document = make_document(staff_may_see=True)
    for user in (people.workshop_staff, people.provider_coordinator, people.provider_staff):
        assert login(user).post(f"/documents/{document.id}/delete").status_code == 403


def test_a_deleted_document_disappears_at_once_and_its_record_stays(
    app: Flask,
    login: Login,
    people: People,
    make_document: MakeDocument,
    db: Any,
    runner: Any,
    storage_dir: Path,
) -> None:
    document = make_document(title="Poistettava")
    version = document.versions[0]
    recipient = login(people.provider_coordinator)
    recipient.get(f"/documents/{document.id}")
    owner = login(people.workshop_coordinator)
    assert "Poistettava" in owner.get(f"/documents/{document.id}/delete").get_data(as_text=True)
    response = owner.post(f"/documents/{document.id}/delete")
    assert response.status_code == 303
    for client in (owner, recipient):
        assert client.get(f"/documents/{document.id}").status_code == 404
        download = f"/documents/{document.id}/versions/{version.id}/download"
        assert client.get(download).status_code == 404
        assert "Poistettava" not in client.get("/documents/?list=own").get_data(as_text=True)
        assert "Poistettava" not in client.get("/documents/").get_data(as_text=True)
    assert owner.get(f"/documents/{document.id}/access-log").status_code == 404
    # The record and its access log remain for the audit.
    assert db.session.get(Document, document.id).deleted_at is not None
    assert db.session.scalar(sa.select(sa.func.count(AccessLogEntry.id))) == 1

    # Within the retention period the bytes stay.
    result = runner.invoke(args=["documents", "purge"])
    assert result.exit_code == 0, result.output
    assert len(stored_objects(storage_dir)) == 1
    app.config["DOCUMENT_RETENTION_DAYS"] = 0
    try:
        result = runner.invoke(args=["documents", "purge"])
    finally:
        app.config["DOCUMENT_RETENTION_DAYS"] = 30
    assert "1 version" in result.output
    assert stored_objects(storage_dir) == []
    db.session.refresh(version)
    assert version.storage_key is None and version.purged_at is not None


def test_purge_removes_orphans_but_not_uploads_in_progress(
    app: Flask,
    people: People,
    make_document: MakeDocument,
    db: Any,
    runner: Any,
    storage_dir: Path,
) -> None:
    kept = make_document()
    with app.app_context():
        storage = get_storage()
        orphan = storage.write([b"written, but the row was never committed"])
    # A server killed in the middle of an upload leaves a partial object.
    partial = storage_dir / "partial" / ("ab" * 16 + ".part")
    partial.write_bytes(b"half an upload")
    old = time.time() - 2 * 3600
    os.utime(storage_dir / orphan, (old, old))
    result = runner.invoke(args=["documents", "purge"])
    # The partial object is still being written, as far as anyone can tell: it stays.
    assert partial.exists() and (storage_dir / orphan).exists() is False
    assert "1 orphaned" in result.output
    os.utime(partial, (old, old))
    runner.invoke(args=["documents", "purge"])
    assert not partial.exists()
    # The document's bytes are untouched, and no row points to a missing file.
    keys = db.session.scalars(sa.select(DocumentVersion.storage_key)).all()
    assert keys == [kept.versions[0].storage_key]
    assert all((storage_dir / key).exists() for key in keys)


def test_purge_with_no_grace_removes_every_unreferenced_object(
    app: Flask, runner: Any, storage_dir: Path, db: Any
) -> None:
    with app.app_context():
        get_storage().write([b"orphan"])
    result = runner.invoke(args=["documents", "purge", "--grace-minutes", "0"])
    assert result.exit_code == 0 and stored_objects(storage_dir) == []


def test_expired_versions_are_computed_from_the_deletion_time(
    app: Flask, people: People, make_document: MakeDocument, db: Any, storage_dir: Path
) -> None:
    from portal.documents.purge import purge

    document = make_document()
    document.deleted_at = utcnow() - timedelta(days=31)
    db.session.commit()
    with app.app_context():
        result = purge(get_storage(), now=utcnow(), retention=timedelta(days=30))
    assert result.expired == 1 and stored_objects(storage_dir) == []
