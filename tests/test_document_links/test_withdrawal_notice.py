"""The administrator records a withdrawal with its written notice as a document: owned by the
withdrawing party, internal, linked from the party's page."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from portal.core.dates import today
from portal.documents.models import Classification
from tests.conftest import csrf_token_from
from tests.files import EXECUTABLE, make_pdf, stored_objects
from tests.test_document_links.conftest import Login, World, documents, links

NOTICE = "Kirje 1.3., arkistoitu dnro 12/2026"


def _withdraw(client: FlaskClient, world: World, content: bytes | None, **extra: Any) -> Any:
    data: dict[str, Any] = {
        **extra,
        "withdrawn_on": today().isoformat(),
        "notice": NOTICE,
    }
    if content is not None:
        data["file"] = (io.BytesIO(content), "irtisanoutuminen.pdf")
    return client.post(
        f"/admin/parties/{world.kymsote.id}/withdraw",
        data=data,
        content_type="multipart/form-data",
    )


def test_the_written_notice_is_filed_as_an_internal_document_of_the_party(
    login: Login, world: World, db: Any
) -> None:
    admin = login(world.admin)
    form = admin.get(f"/admin/parties/{world.kymsote.id}/withdraw").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in form and 'type="file"' in form
    response = _withdraw(admin, world, make_pdf())
    assert response.status_code == 303
    db.session.refresh(world.kymsote)
    assert world.kymsote.is_withdrawn() and world.kymsote.withdrawal_notice == NOTICE
    [document] = documents(db)
    [link] = links(db)
    assert link.withdrawal_party_id == world.kymsote.id
    assert document.owner_party_id == world.kymsote.id
    assert document.classification == Classification.INTERNAL and document.recipients == []
    assert document.created_by_id == world.admin.id

    # The party's page links it for the people of the parties; its mark shows beside it.
    for viewer in ("parik_coordinator", "luovi_staff", "kymsote_coordinator"):
        page = login(world.person(viewer)).get(f"/parties/{world.kymsote.id}")
        html = page.get_data(as_text=True)
        assert f'href="/documents/{document.id}"' in html and "mark--internal" in html
    # A supporting organisation reads no internal document; the administrator, who belongs to
    # no party, neither — the summary stays on the page for both.
    for viewer in ("tpy_person", "admin"):
        html = (
            login(world.person(viewer)).get(f"/parties/{world.kymsote.id}").get_data(as_text=True)
        )
        assert f"/documents/{document.id}" not in html and NOTICE in html


def test_the_file_is_optional(login: Login, world: World, db: Any) -> None:
    assert _withdraw(login(world.admin), world, None).status_code == 303
    db.session.refresh(world.kymsote)
    assert world.kymsote.is_withdrawn() and documents(db) == []


def test_a_file_not_accepted_keeps_the_withdrawal_unrecorded(
    login: Login, world: World, db: Any, storage_dir: Path
) -> None:
    response = _withdraw(login(world.admin), world, EXECUTABLE)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="file-error"' in html and NOTICE in html
    db.session.refresh(world.kymsote)
    assert world.kymsote.withdrawn_on is None
    assert documents(db) == [] and stored_objects(storage_dir) == []


def test_a_form_error_stores_no_file(
    login: Login, world: World, db: Any, storage_dir: Path
) -> None:
    response = login(world.admin).post(
        f"/admin/parties/{world.kymsote.id}/withdraw",
        data={"withdrawn_on": "", "notice": NOTICE, "file": (io.BytesIO(make_pdf()), "a.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "Valitse tiedosto uudelleen" in response.get_data(as_text=True)
    assert documents(db) == [] and stored_objects(storage_dir) == []


@pytest.mark.parametrize("viewer", ["parik_coordinator", "kymsote_coordinator"])
def test_only_the_administrator_records_a_withdrawal(
    login: Login, world: World, db: Any, viewer: str
) -> None:
    assert _withdraw(login(world.person(viewer)), world, make_pdf()).status_code == 403
    assert documents(db) == []


def test_csrf_is_checked_before_the_file_is_stored(
    login: Login, world: World, db: Any, storage_dir: Path, csrf_enabled: None
) -> None:
    admin = login(world.admin)
    assert _withdraw(admin, world, make_pdf()).status_code == 400
    assert stored_objects(storage_dir) == [] and documents(db) == []
    token = csrf_token_from(
        admin.get(f"/admin/parties/{world.kymsote.id}/withdraw").get_data(as_text=True)
    )
    assert _withdraw(admin, world, make_pdf(), csrf_token=token).status_code == 303
    assert len(documents(db)) == 1


def test_a_failure_after_the_file_is_stored_leaves_nothing(
    app: Flask,
    login: Login,
    world: World,
    db: Any,
    storage_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The withdrawal streams its file as documents do, and cleans up as they do: whatever
    fails once the bytes are stored (here the content check) removes them."""
    from portal.documents import files

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RecursionError("the content check broke")

    monkeypatch.setattr(files, "check_file", broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    try:
        response = _withdraw(login(world.admin), world, make_pdf())
    finally:
        app.config["PROPAGATE_EXCEPTIONS"] = None
    assert response.status_code == 500
    db.session.refresh(world.kymsote)
    assert world.kymsote.withdrawn_on is None
    assert documents(db) == [] and stored_objects(storage_dir) == []
