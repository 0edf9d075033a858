"""Competence certificates: one issued by a workshop period's workshop, its PDF the
placement's confidential document shared with the provider (staff too), with one unit.

The factory's PDF is the document factory's placeholder; tests of the PDF itself issue a
certificate through the service (``issue``), as the form does."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import factory
from flask import Flask

from portal.auth.models import User
from portal.certificates import service, sources
from portal.certificates.codes import new_code
from portal.certificates.models import Certificate, CertificateUnit
from portal.core.dates import today
from portal.extensions import db
from portal.placements.models import Placement, StepKind
from tests.factories.base import BaseFactory
from tests.factories.document_links import DocumentLinkFactory
from tests.factories.placements import PlacementStepFactory


class CertificateFactory(BaseFactory):
    class Meta:
        model = Certificate
        exclude = ("link",)

    link = factory.SubFactory(DocumentLinkFactory, document__staff_may_see=True)
    placement = factory.SelfAttribute("link.placement")
    document = factory.SelfAttribute("link.document")
    code = factory.LazyFunction(new_code)
    pdf_sha256 = factory.LazyAttribute(lambda o: o.document.versions[0].sha256)
    workshop_name = factory.LazyAttribute(lambda o: o.placement.workshop.name)
    signer_name = factory.LazyAttribute(lambda o: o.document.created_by.name)
    signer_title = "Työpajakoordinaattori"
    assessed_by = "Jukka Lehtonen, työvalmentaja"
    period_start = factory.LazyAttribute(lambda o: o.placement.started_on or o.placement.start_on)
    period_end = factory.LazyFunction(today)
    hours = Decimal("120.5")
    issued_on = factory.LazyFunction(today)
    unit = factory.RelatedFactory(
        "tests.factories.certificates.CertificateUnitFactory", factory_related_name="certificate"
    )
    # The timeline's step, as issuing leaves it (the placement's panel looks for it).
    step = factory.RelatedFactory(
        PlacementStepFactory,
        placement=factory.SelfAttribute("..placement"),
        kind=StepKind.CERTIFICATE_ISSUED,
        actor=factory.SelfAttribute("..document.created_by"),
    )


class CertificateUnitFactory(BaseFactory):
    class Meta:
        model = CertificateUnit

    certificate = factory.SubFactory(CertificateFactory, unit=None)
    position = 0
    name = "Puutuotteiden valmistus"
    code = "106927"
    skills = "Mittaa ja sahaa aihiot piirustuksen mukaan."
    how_shown = "Valmisti jakson aikana kolme hyllyä itsenäisesti."


def issue(
    app: Flask,
    actor: User,
    placement: Placement,
    *,
    units: dict[str, tuple[str, str]] | None = None,
    **fields: Any,
) -> Certificate:
    """Issue a certificate through the service, as the issue form would, and commit it.

    ``units``: the offered units' keys with (skills, how shown); those agreed for the
    placement by default."""
    if units is None:
        units = {
            c.key: ("Mittaa ja sahaa aihiot.", "Teki hyllyn itsenäisesti.")
            for c in sources.candidates(placement)
            if c.agreed
        }
    draft = service.Draft(
        units=[service.UnitDraft(key, skills, how) for key, (skills, how) in units.items()],
        period_start=fields.pop("period_start", placement.started_on or placement.start_on),
        period_end=fields.pop("period_end", today()),
        hours=fields.pop("hours", Decimal("96")),
        assessed_by=fields.pop("assessed_by", "Sanna Nieminen, työvalmentaja"),
        signer_title=fields.pop("signer_title", "Työvalmentaja"),
    )
    with app.test_request_context(headers={"Accept-Language": "en"}):
        certificate = service.issue(actor, placement, draft)
        db.session.commit()
    return certificate
