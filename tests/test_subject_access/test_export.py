"""Finding a person among the party's own placements and exporting what the party holds: the
PDF read back as text and the JSON parsed, with the other party's part counted, not shown."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from pypdf import PdfReader

from portal.auth.models import User
from portal.core.audit import AuditEvent
from portal.document_links.models import DocumentLink
from portal.placements.access_models import PlacementAccess
from portal.placements.models import Placement
from tests.files import make_pdf, store
from tests.test_subject_access.conftest import NAME


def found(client: FlaskClient, q: str) -> str:
    response = client.get("/subject-access/", query_string={"q": q})
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.mark.parametrize("q", ["LUOVI-2025", "aino kallio", "Kallio", "a.k."])
def test_a_coordinator_finds_the_person_only_among_the_partys_own_placements(
    login: Callable[[User], FlaskClient], workshop_coordinator: User, person: Any, q: str
) -> None:
    html = found(login(workshop_coordinator), q)
    assert "LUOVI-2025-007" in html
    if q != "LUOVI-2025":
        assert "LUOVI-2026-012" in html
    # The same name in a placement of Kotka and Luovi is not Parik's to answer for.
    assert "KOTKA-2026-001" not in html


def test_the_other_party_finds_its_own_placements_too(
    login: Callable[[User], FlaskClient], provider_coordinator: User, person: Any
) -> None:
    html = found(login(provider_coordinator), NAME)
    assert "LUOVI-2025-007" in html and "KOTKA-2026-001" in html


def test_a_too_short_search_is_refused_beside_the_field(
    login: Callable[[User], FlaskClient], workshop_coordinator: User, person: Any
) -> None:
    response = login(workshop_coordinator).get("/subject-access/?q=a")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Kirjoita vähintään 2 merkkiä." in html and 'value="a"' in html


@pytest.mark.parametrize("who", ["staff", "provider_staff", "admin", "social_coordinator"])
def test_only_a_partys_coordinator_answers_for_the_partys_own_placements(
    login: Callable[[User], FlaskClient], person: Any, who: str, request: Any
) -> None:
    client = login(request.getfixturevalue(who))
    search = client.get("/subject-access/?q=Kallio")
    if who == "social_coordinator":
        # A third party's coordinator answers for its own placements: these are not.
        assert search.status_code == 200 and "LUOVI-2025" not in search.get_data(as_text=True)
    else:
        assert search.status_code == 404
    placement = person["ended"]
    assert client.get(f"/subject-access/placements/{placement.id}").status_code == 404
    response = client.post("/subject-access/export", data={"placements": [placement.id]})
    assert response.status_code == 404


def export(client: FlaskClient, ids: list[int], kind: str) -> Any:
    return client.post(
        "/subject-access/export", data={"q": "Kallio", "placements": ids, "kind": kind}
    )


def test_another_partys_placement_cannot_be_exported(
    login: Callable[[User], FlaskClient], workshop_coordinator: User, person: Any
) -> None:
    client = login(workshop_coordinator)
    ids = [person["ended"].id, person["stranger"].id]
    assert export(client, ids, "json").status_code == 404


def test_choosing_nothing_keeps_the_search_and_says_why(
    login: Callable[[User], FlaskClient], workshop_coordinator: User, person: Any
) -> None:
    response = export(login(workshop_coordinator), [], "pdf")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Valitse tämän henkilön sijoitukset." in html and "LUOVI-2025-007" in html


def test_the_json_export_holds_ours_and_counts_theirs(
    login: Callable[[User], FlaskClient], workshop_coordinator: User, person: Any, db: Any
) -> None:
    ended: Placement = person["ended"]
    response = export(login(workshop_coordinator), [ended.id], "json")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.get_data())
    assert data["party"] == "Parik-säätiö"
    (entry,) = data["placements"]
    assert entry["placement"]["full_name"] == NAME
    assert entry["placement"]["reference"] == "LUOVI-2025-007"
    assert entry["agreements"] and "terms" in entry["agreements"][0]
    assert entry["consents"][0]["purpose"]
    assert entry["follow_ups"][0]["situation"] == "work"
    assert entry["daily_records"][0]["note"] == "Hyvä päivä."
    assert [c["body"] for c in entry["comments"]] == ["Parikin oma huomio."]
    assert [d["title"] for d in entry["documents"]] == ["Parikin arviointi"]
    assert [v["by"] for v in entry["viewed_by"]] == ["Maria Virtanen"]
    theirs = entry["ask_the_other_party"]
    assert theirs["comments"]["party"] == "Ammattiopisto Luovi"
    assert theirs["comments"]["count"] == 1 and theirs["documents"]["count"] == 1
    assert theirs["viewed_by"]["count"] == 1
    text = response.get_data(as_text=True)
    for secret in ("Luovin salainen huomio.", "Luovin HOKS-liite", "Päivi Korhonen"):
        assert secret not in text
    # The export is audited: who and which placements, never whom it is about.
    event = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.event == "subject_access.export")
    ).one()
    assert event.actor_id == workshop_coordinator.id
    assert event.details["placement_ids"] == [ended.id]
    assert NAME not in json.dumps(event.details)
    # The export showed the name: the placement's access log says who made it.
    views = db.session.scalars(
        sa.select(PlacementAccess.view).where(
            PlacementAccess.placement_id == ended.id,
            PlacementAccess.user_id == workshop_coordinator.id,
        )
    ).all()
    assert "subject_access" in views


def test_the_provider_is_told_to_ask_the_workshop_for_the_daily_records(
    login: Callable[[User], FlaskClient], provider_coordinator: User, person: Any
) -> None:
    response = export(login(provider_coordinator), [person["ended"].id], "json")
    (entry,) = json.loads(response.get_data())["placements"]
    assert entry["daily_records"] == []
    assert entry["ask_the_other_party"]["daily_records"]["party"] == "Parik-säätiö"
    assert [c["body"] for c in entry["comments"]] == ["Luovin salainen huomio."]
    assert "Hyvä päivä." not in response.get_data(as_text=True)


def test_the_pdf_export_reads_as_the_sections_with_the_other_partys_part_named(
    login: Callable[[User], FlaskClient], workshop_coordinator: User, person: Any
) -> None:
    ids = [person["ended"].id, person["going"].id]
    response = export(login(workshop_coordinator), ids, "pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.get_data()))
    text = " ".join((page.extract_text() or "") for page in reader.pages)
    text = " ".join(text.split())
    for expected in (
        "Rekisteröidyn tietojen luovutus",
        "Sijoitus LUOVI-2025-007",
        "Sijoitus LUOVI-2026-012",
        NAME,
        "Sopimukset",
        "Suostumukset",
        "Seurannat",
        "Päiväkirjaukset",
        "Parikin oma huomio.",
        "Ketkä katsoivat sijoitusta",
        "Toisen osapuolen hallussa",
        "kysy osapuolelta Ammattiopisto Luovi",
    ):
        assert expected in text, expected
    assert "Luovin salainen huomio." not in text and "Luovin HOKS-liite" not in text
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("DejaVu" in f or "SiltaSans" in f for f in fonts), fonts


def test_the_zip_holds_both_and_our_documents_files_only(
    login: Callable[[User], FlaskClient],
    workshop_coordinator: User,
    person: Any,
    storage_dir: Any,
    db: Any,
    app: Any,
) -> None:
    ended: Placement = person["ended"]
    content = make_pdf(text="Parikin arvio")
    with app.app_context():
        links = sa.select(DocumentLink).where(DocumentLink.placement_id == ended.id)
        for link in db.session.scalars(links):
            # Each party's document has its bytes stored, as an upload leaves them.
            stored = store(content, "arvio.pdf")
            version = link.document.versions[0]
            version.storage_key = stored.storage_key
            version.size, version.sha256 = stored.size, stored.sha256
        db.session.commit()
    response = export(login(workshop_coordinator), [ended.id], "zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.get_data()))
    names = archive.namelist()
    assert "export.pdf" in names and "export.json" in names
    files = [n for n in names if n.startswith("documents/")]
    # Parik's document only: Luovi's is Luovi's to give.
    assert len(files) == 1 and files[0].startswith("documents/LUOVI-2025-007/")
    assert archive.read(files[0]) == content
