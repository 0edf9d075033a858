"""The signed copy of a learning-environment report: internal, shared by the coordinators who
keep the report, shown on the report's page to the people of every party."""

from __future__ import annotations

from typing import Any

import pytest

from portal.auth.models import Role
from portal.documents.models import Classification
from tests import factories
from tests.test_document_links.conftest import (
    Attach,
    Login,
    Share,
    World,
    documents,
    is_checked,
    links,
)

SIGNED = "Tunnistamisraportti, allekirjoitettu"


def test_the_workshop_shares_the_signed_report_from_the_report_page(
    login: Login, world: World, share: Share, db: Any
) -> None:
    client = login(world.parik_coordinator)
    report_url = f"/catalogue/reports/{world.report.id}"
    page = client.get(report_url).get_data(as_text=True)
    share_url = (
        f"/documents/new?next={report_url}%23signed-report&amp;link=report:{world.report.id}"
    )
    assert share_url in page
    form = client.get(share_url.replace("&amp;", "&")).get_data(as_text=True)
    assert f'name="belongs_to" value="report:{world.report.id}" checked>' in form
    assert is_checked(form, "classification", "internal")

    response = share(
        client,
        belongs_to=f"report:{world.report.id}",
        classification=Classification.INTERNAL,
        title=SIGNED,
        next_url=f"{report_url}#signed-report",
    )
    assert response.status_code == 303
    assert response.headers["Location"] == f"{report_url}#signed-report"
    [link] = links(db)
    assert link.environment_id == world.report.id


@pytest.mark.parametrize(
    ("viewer", "sees"),
    [
        ("parik_staff", True),
        ("luovi_coordinator", True),
        ("luovi_staff", True),
        ("kymsote_coordinator", True),
        # Everyone signed in reads the catalogue; the signed copy is the parties' appendix.
        ("tpy_person", False),
        ("admin", False),
    ],
)
def test_every_party_reads_the_signed_report(
    login: Login, world: World, attach: Attach, viewer: str, sees: bool
) -> None:
    attach(
        world.parik_coordinator, world.report, title=SIGNED, classification=Classification.INTERNAL
    )
    response = login(world.person(viewer)).get(f"/catalogue/reports/{world.report.id}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert (SIGNED in html) == sees
    assert ('id="signed-report"' in html) == sees


def test_the_signed_report_is_internal(login: Login, world: World, share: Share, db: Any) -> None:
    response = share(
        login(world.parik_coordinator),
        belongs_to=f"report:{world.report.id}",
        classification=Classification.CONFIDENTIAL,
        recipients=[world.luovi.id],
    )
    assert response.status_code == 422
    assert 'id="classification-error"' in response.get_data(as_text=True)
    assert documents(db) == []


def test_only_the_reports_keepers_share_it(
    login: Login, world: World, share: Share, db: Any
) -> None:
    luovi = login(world.luovi_coordinator)
    assert luovi.get(f"/documents/new?link=report:{world.report.id}").status_code == 403
    response = share(
        luovi, belongs_to=f"report:{world.report.id}", classification=Classification.INTERNAL
    )
    assert response.status_code == 422
    # A coordinator named for another unit of the workshop keeps only that unit's report.
    kitchen = factories.UnitFactory(party=world.parik, name="Ravintola")
    other_unit = login(
        factories.UserFactory(party=world.parik, role=Role.COORDINATOR, unit=kitchen)
    )
    assert other_unit.get(f"/documents/new?link=report:{world.report.id}").status_code == 403
    assert documents(db) == []


def test_a_draft_report_is_no_one_elses_to_link(
    login: Login, world: World, share: Share, db: Any
) -> None:
    world.report.published_at = None
    db.session.commit()
    # Kymsote does not see a draft; to it the report does not exist.
    client = login(world.kymsote_coordinator)
    assert client.get(f"/documents/new?link=report:{world.report.id}").status_code == 404
