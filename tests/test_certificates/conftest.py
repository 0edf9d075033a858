"""A completed workshop period between Luovi and Parik, with the report of Parik's unit."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader

from portal.auth.models import User
from portal.catalogue.models import LearningEnvironment, QualificationUnit
from portal.certificates.models import Certificate
from portal.core.storage import get_storage
from portal.extensions import db
from portal.placements.models import Placement, PlacementStatus
from tests.factories import LearningEnvironmentFactory, PlacementBuilder, UnitFactory
from tests.people import People

Login = Callable[[User], FlaskClient]


@pytest.fixture
def period(people: People, make_placement: PlacementBuilder, db: Any) -> Placement:
    """Completed at Parik's wood workshop; the job coach (Parik's staff) and the teacher
    (Luovi's staff) are on its team."""
    unit = UnitFactory(party=people.workshop, name="Puu- ja metallityö")
    LearningEnvironmentFactory(
        unit=unit,
        qualification_units=[
            ("Puuseppäalan perustutkinto", "Puutuotteiden valmistus", "106927"),
            ("Puuseppäalan perustutkinto", "Pintakäsittely", "106930"),
        ],
    )
    for qualification_unit in unit_report(unit.id):
        qualification_unit.can_issue_certificate = True
    db.session.commit()
    return make_placement(PlacementStatus.COMPLETED, workshop_unit=unit)


def unit_report(unit_id: int) -> list[Any]:
    return list(
        db.session.scalars(
            sa.select(QualificationUnit)
            .join(QualificationUnit.environment)
            .where(LearningEnvironment.unit_id == unit_id)
            .order_by(QualificationUnit.name)
        )
    )


def pdf_text(app: Flask, certificate: Certificate) -> str:
    reader = PdfReader(io.BytesIO(pdf_bytes(app, certificate)))
    return "\n".join(page.extract_text() for page in reader.pages)


def pdf_bytes(app: Flask, certificate: Certificate) -> bytes:
    """The PDF as issued, read back from encrypted storage."""
    version = certificate.document.versions[0]
    assert version.storage_key is not None
    with app.app_context(), get_storage().open(version.storage_key) as source:
        return bytes(source.read())
