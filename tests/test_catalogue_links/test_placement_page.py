"""A placement's page says which report its qualification units came from; the placement
keeps each unit's name and code when the workshop changes or withdraws its report."""

from __future__ import annotations

from typing import Any

from portal.auth.models import User
from portal.core.models import utcnow
from portal.parties.models import Party
from portal.placements.models import Placement, PlacementStatus
from tests import factories
from tests.test_catalogue_links.conftest import Catalogue, Login, period_form, placements


def submitted_placement(
    catalogue: Catalogue, provider_staff: User, workshop: Party, login: Login, db: Any
) -> Placement:
    """A request with two units ticked from the wood report and one typed, sent to the workshop."""
    levy = catalogue.unit(catalogue.wood_report, "Levytyöt")
    pinta = catalogue.unit(catalogue.wood_report, "Pintakäsittely")
    response = login(provider_staff).post(
        "/placements/new/to-workshop",
        data=period_form(
            workshop,
            workshop_unit=str(catalogue.wood.id),
            catalogue_units=[str(levy.id), str(pinta.id)],
            qualification_units="Työelämätaidot",
        ),
    )
    assert response.status_code == 303
    (placement,) = placements(db)
    placement.status = PlacementStatus.SUBMITTED
    placement.submitted_at = utcnow()
    db.session.commit()
    return placement


def source_section(html: str) -> str:
    start = html.index('id="catalogue-source-heading"')
    return html[start : html.index("</section>", start)]


def test_both_parties_see_the_unit_and_the_report_and_others_see_nothing(
    catalogue: Catalogue,
    provider_staff: User,
    workshop: Party,
    coordinator: User,
    login: Login,
    db: Any,
) -> None:
    placement = submitted_placement(catalogue, provider_staff, workshop, login, db)
    for person in (provider_staff, coordinator):
        section = source_section(
            login(person).get(f"/placements/{placement.id}").get_data(as_text=True)
        )
        assert "Työpajan yksikkö" in section and "Puu- ja metallityö" in section
        assert f'href="/catalogue/reports/{catalogue.wood_report.id}"' in section
        assert "Levytyöt (100432)" in section and "Pintakäsittely (106795)" in section

    outsider = factories.coordinator_of(catalogue.other_workshop)
    assert login(outsider).get(f"/placements/{placement.id}").status_code == 404


def test_removing_a_unit_from_the_report_keeps_the_placements_copy(
    catalogue: Catalogue,
    provider_staff: User,
    workshop: Party,
    coordinator: User,
    login: Login,
    db: Any,
) -> None:
    placement = submitted_placement(catalogue, provider_staff, workshop, login, db)
    levy = catalogue.unit(catalogue.wood_report, "Levytyöt")
    report = catalogue.wood_report.id
    response = login(coordinator).post(f"/catalogue/reports/{report}/units/{levy.id}/delete")
    assert response.status_code == 303

    db.session.expire_all()
    placement = db.session.get(Placement, placement.id)
    assert [(u.label, u.catalogue_unit_id is not None) for u in placement.units] == [
        ("Levytyöt (100432)", False),
        ("Pintakäsittely (106795)", True),
        ("Työelämätaidot", False),
    ]
    html = login(provider_staff).get(f"/placements/{placement.id}").get_data(as_text=True)
    assert "Levytyöt (100432)" in html  # in the terms, as agreed
    section = source_section(html)
    assert "Levytyöt" not in section and "Pintakäsittely (106795)" in section


def test_a_report_taken_back_to_a_draft_is_named_but_not_linked_for_the_provider(
    catalogue: Catalogue,
    provider_staff: User,
    workshop: Party,
    coordinator: User,
    login: Login,
    db: Any,
) -> None:
    placement = submitted_placement(catalogue, provider_staff, workshop, login, db)
    report = catalogue.wood_report.id
    assert login(coordinator).post(f"/catalogue/reports/{report}/unpublish").status_code == 303

    section = source_section(
        login(provider_staff).get(f"/placements/{placement.id}").get_data(as_text=True)
    )
    assert "Puu- ja metallityö" in section and "ei nyt julkaistu" in section
    assert f'href="/catalogue/reports/{report}"' not in section
    # The workshop still reads its own draft.
    section = source_section(
        login(coordinator).get(f"/placements/{placement.id}").get_data(as_text=True)
    )
    assert f'href="/catalogue/reports/{report}"' in section


def test_a_placement_without_a_unit_shows_no_section(
    catalogue: Catalogue, provider_staff: User, workshop: Party, login: Login, db: Any
) -> None:
    client = login(provider_staff)
    client.post(
        "/placements/new/to-workshop",
        data=period_form(workshop, qualification_units="Asiakaspalvelu"),
    )
    (placement,) = placements(db)
    html = client.get(f"/placements/{placement.id}").get_data(as_text=True)
    assert "catalogue-source-heading" not in html
