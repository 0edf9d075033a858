"""The verification page: a code exists or not, a file is the PDF as issued or not, and the
page names neither the placement nor the young person to someone who does not see them."""

from __future__ import annotations

import io
from typing import Any

import sqlalchemy as sa
from flask import Flask

from portal.core.audit import AuditEvent
from portal.placements.models import Placement
from tests.factories.certificates import issue
from tests.people import People
from tests.test_certificates.conftest import Login, pdf_bytes

OK = "Muuttumaton: se on annettu PDF sellaisenaan."  # Unaltered: it is the PDF as issued.
ALTERED = "Ei annettu PDF sellaisenaan"  # Not the PDF as issued


def _verify(client: Any, code: str, data: bytes | None = None) -> str:
    form: dict[str, Any] = {"code": code}
    if data is not None:
        form["file"] = (io.BytesIO(data), "todistus.pdf")
    response = client.post("/certificates/verify", data=form, content_type="multipart/form-data")
    assert response.status_code == 200
    return str(response.get_data(as_text=True))


def test_an_unaltered_pdf_and_an_altered_one(
    people: People, period: Placement, login: Login, app: Flask
) -> None:
    certificate = issue(app, people.workshop_staff, period)
    original = pdf_bytes(app, certificate)
    client = login(people.provider_staff)
    typed = f" {certificate.code[:4].lower()}-{certificate.code[4:8]} {certificate.code[8:]} "
    page = _verify(client, typed, original)
    assert "Todistus tällä koodilla on olemassa" in page  # A certificate with this code exists
    assert OK in page and ALTERED not in page
    altered = original.replace(b"/Producer", b"/Producex", 1)
    assert altered != original
    page = _verify(client, certificate.code, altered)
    assert ALTERED in page and OK not in page
    # The reader of the certificate is led to it.
    assert f"/certificates/{certificate.id}" in page


def test_an_unknown_code(people: People, period: Placement, login: Login, app: Flask) -> None:
    issue(app, people.workshop_staff, period)
    page = _verify(login(people.outsider), "AAAA-BBBB-CCCC-DDDD")
    assert "Tällä koodilla ei ole todistusta" in page  # No certificate has this code


def test_someone_who_does_not_see_the_placement_learns_the_workshop_and_date_only(
    people: People, period: Placement, login: Login, app: Flask, db: Any
) -> None:
    period.full_name = "Aapo Kivinen"
    db.session.commit()
    certificate = issue(app, people.workshop_staff, period)
    page = _verify(login(people.outsider), certificate.code, pdf_bytes(app, certificate))
    assert OK in page
    # What a copy can be compared with: the workshop, the signer, the period and the units.
    assert "Parik-säätiö" in page and people.workshop_staff.name in page
    assert "Puutuotteiden valmistus (106927)" in page
    # Not the descriptions of the skills: free text about the young person.
    assert "Teki hyllyn itsenäisesti." not in page
    for hidden in (period.reference, "Aapo Kivinen", "A.K.", f"/certificates/{certificate.id}"):
        assert hidden not in page
    events = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.event == "certificate.verify")
    ).all()
    assert [e.target_id for e in events] == [certificate.id]


def test_the_page_wants_a_code_and_a_signed_in_reader(
    client: Any, login: Login, people: People
) -> None:
    assert client.get("/certificates/verify").status_code in (302, 303)
    refused = login(people.outsider).post("/certificates/verify", data={"code": ""})
    assert refused.status_code == 422
    assert "Kirjoita todistukseen painettu koodi." in refused.get_data(as_text=True)


def test_a_certificate_whose_pdf_was_deleted_is_withdrawn(
    people: People, period: Placement, login: Login, app: Flask, db: Any
) -> None:
    certificate = issue(app, people.workshop_staff, period)
    data = pdf_bytes(app, certificate)
    deleted = login(people.workshop_coordinator).post(
        f"/documents/{certificate.document_id}/delete", data={"confirm": "y"}
    )
    assert deleted.status_code in (302, 303)
    page = _verify(login(people.provider_coordinator), certificate.code, data)
    assert "Peruttu" in page  # Withdrawn
    assert f"/certificates/{certificate.id}" not in page
