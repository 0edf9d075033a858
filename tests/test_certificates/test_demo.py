"""The demo shows a certificate issued on a completed workshop period, with Luovi's record of
what it recognised, its PDF the placement's document that verifies as unaltered."""

from __future__ import annotations

import io
from typing import Any

import sqlalchemy as sa
from flask import Flask

from portal.auth.models import User
from portal.certificates.models import Certificate, Recognition
from portal.placements.models import PlacementStatus, StepKind
from tests.test_certificates.conftest import Login, pdf_bytes, pdf_text


def test_the_demo_has_a_certificate_with_its_recognition(
    runner: Any, db: Any, app: Flask, login: Login
) -> None:
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    certificate = db.session.scalars(sa.select(Certificate)).one()
    assert certificate.placement.status == PlacementStatus.COMPLETED
    assert certificate.recognised_on is not None
    assert {u.recognition for u in certificate.units} == {
        Recognition.RECOGNISED,
        Recognition.PARTLY,
    }
    kinds = {s.kind for s in certificate.placement.steps}
    assert {StepKind.CERTIFICATE_ISSUED, StepKind.CERTIFICATE_RECOGNITION} <= kinds
    assert "Hitsaustyöt (100437)" in pdf_text(app, certificate)

    paivi = db.session.scalars(sa.select(User).where(User.email.like("paivi.korhonen@%"))).one()
    client = login(paivi)
    assert client.get(f"/certificates/{certificate.id}").status_code == 200
    page = client.post(
        "/certificates/verify",
        data={"code": certificate.code, "file": (io.BytesIO(pdf_bytes(app, certificate)), "t.pdf")},
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    assert "Muuttumaton" in page  # Unaltered
