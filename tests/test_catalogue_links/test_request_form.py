"""The workshop-period request form offers what the receiving workshop reported, over HTTP:
pre-filled from the catalogue, refreshed with htmx or without JavaScript, and refused
with a field error, saving nothing, when a choice does not belong to the workshop."""

from __future__ import annotations

import re
from typing import Any

from portal.auth.models import User
from portal.parties.models import Party
from portal.placements.models import Placement
from tests import factories
from tests.test_catalogue_links.conftest import Catalogue, Login, period_form, placements

NEW = "/placements/new/to-workshop"
HTMX = {"HX-Request": "true"}


def _select(html: str, name: str) -> str:
    match = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert match, f"no select named {name}"
    return match.group(1)


def chosen(html: str, name: str) -> list[str]:
    """The values of the options chosen in the select ``name``."""
    return re.findall(r'<option selected value="([^"]*)"', _select(html, name))


def offered(html: str, name: str) -> list[str]:
    return re.findall(r'<option (?:selected )?value="([^"]*)"', _select(html, name))


def checkboxes(html: str) -> dict[int, bool]:
    """The catalogue's qualification units offered to tick, by id, and whether each is ticked."""
    return {
        int(m.group(2)): "checked" in m.group(0)
        for m in re.finditer(
            r'<input type="checkbox" name="catalogue_units" id="([^"]+)" value="(\d+)"[^>]*>', html
        )
    }


def test_the_catalogue_link_opens_the_request_with_the_workshop_and_unit_chosen(
    catalogue: Catalogue, provider_staff: User, workshop: Party, login: Login
) -> None:
    client = login(provider_staff)
    levy = catalogue.unit(catalogue.wood_report, "Levytyöt")
    html = client.get(
        f"{NEW}?workshop_unit={catalogue.wood.id}&catalogue_units={levy.id}"
    ).get_data(as_text=True)
    assert chosen(html, "receiver") == [str(workshop.id)]
    assert chosen(html, "workshop_unit") == [str(catalogue.wood.id)]
    # The units with a published report come first, and the form says which come from it.
    units = offered(html, "workshop_unit")
    assert units[0] == ""
    assert units.index(str(catalogue.wood.id)) < units.index(str(catalogue.office.id))
    assert units.index(str(catalogue.kitchen.id)) < units.index(str(catalogue.office.id))
    assert "Tunnistamisraportin tutkinnon osat: Puu- ja metallityö" in html
    assert checkboxes(html) == {
        q.id: q.id == levy.id for q in catalogue.wood_report.qualification_units
    }
    assert "Muut tutkinnon osat" in html


def test_a_link_to_another_workshops_unit_or_report_chooses_nothing_of_it(
    catalogue: Catalogue, provider_staff: User, login: Login
) -> None:
    client = login(provider_staff)
    welding = catalogue.other_report.qualification_units[0]
    # A unit of wood's report named with the other workshop's unit: only what fits is chosen.
    html = client.get(
        f"{NEW}?workshop_unit={catalogue.wood.id}&catalogue_units={welding.id}"
    ).get_data(as_text=True)
    assert chosen(html, "workshop_unit") == [str(catalogue.wood.id)]
    assert not any(checkboxes(html).values())


def test_a_withdrawn_workshops_units_are_not_offered(
    catalogue: Catalogue, provider_staff: User, login: Login
) -> None:
    client = login(provider_staff)
    withdrawn_unit = catalogue.withdrawn.units[0]
    html = client.get(f"{NEW}?workshop_unit={withdrawn_unit.id}").get_data(as_text=True)
    assert str(catalogue.withdrawn.id) not in offered(html, "receiver")
    assert str(withdrawn_unit.id) not in offered(html, "workshop_unit")
    assert "Varastotoiminnot" not in html

    # Asking for its units by hand gives none, and its unit is refused.
    fragment = client.post(
        NEW,
        data=period_form(
            catalogue.withdrawn, workshop_unit=str(withdrawn_unit.id), refresh="units"
        ),
        headers=HTMX,
    ).get_data(as_text=True)
    assert offered(fragment, "workshop_unit") == [""]
    assert checkboxes(fragment) == {}


def test_a_draft_reports_units_are_not_offered_to_the_provider(
    catalogue: Catalogue, provider_staff: User, login: Login, db: Any
) -> None:
    client = login(provider_staff)
    draft_unit = catalogue.draft_report.qualification_units[0]
    html = client.get(
        f"{NEW}?workshop_unit={catalogue.property_care.id}&catalogue_units={draft_unit.id}"
    ).get_data(as_text=True)
    # The unit is the workshop's, so it can be chosen; its draft report offers nothing.
    assert chosen(html, "workshop_unit") == [str(catalogue.property_care.id)]
    assert checkboxes(html) == {}
    assert "Kiinteistönhoito" not in html
    assert "ei ole julkaistua tunnistamisraporttia" in html

    response = client.post(
        NEW,
        data=period_form(
            catalogue.wood.party,
            workshop_unit=str(catalogue.property_care.id),
            catalogue_units=[str(draft_unit.id)],
        ),
    )
    assert response.status_code == 422
    assert 'id="catalogue_units-error"' in response.get_data(as_text=True)
    assert placements(db) == []


def test_staff_of_a_workshop_cannot_start_a_workshop_period_request(
    catalogue: Catalogue, staff: User, coordinator: User, login: Login, db: Any, workshop: Party
) -> None:
    for person in (staff, coordinator):
        client = login(person)
        assert client.get(f"{NEW}?workshop_unit={catalogue.wood.id}").status_code == 403
        response = client.post(
            NEW, data=period_form(workshop, workshop_unit=str(catalogue.wood.id), refresh="units")
        )
        assert response.status_code == 403
    assert placements(db) == []


def test_a_ticked_unit_is_saved_linked_to_the_catalogue_and_shown_with_its_report(
    catalogue: Catalogue, provider_staff: User, workshop: Party, login: Login, db: Any
) -> None:
    client = login(provider_staff)
    levy = catalogue.unit(catalogue.wood_report, "Levytyöt")
    pinta = catalogue.unit(catalogue.wood_report, "Pintakäsittely")
    response = client.post(
        NEW,
        data=period_form(
            workshop,
            workshop_unit=str(catalogue.wood.id),
            catalogue_units=[str(pinta.id), str(levy.id)],
            # Typed again by mistake, and one the report does not list.
            qualification_units="100432 Levytyöt\nTyöelämätaidot",
        ),
    )
    assert response.status_code == 303, response.get_data(as_text=True)
    (placement,) = placements(db)
    assert placement.workshop_unit_id == catalogue.wood.id
    assert [(u.label, u.catalogue_unit_id) for u in placement.units] == [
        ("Pintakäsittely (106795)", pinta.id),
        ("Levytyöt (100432)", levy.id),
        ("Työelämätaidot", None),
    ]

    page = client.get(response.headers["Location"]).get_data(as_text=True)
    source = page[page.index('id="catalogue-source-heading"') :]
    assert "Puu- ja metallityö" in source
    assert f'href="/catalogue/reports/{catalogue.wood_report.id}"' in source
    assert "Levytyöt (100432)" in source and "Työelämätaidot" not in source


def test_ticked_units_alone_are_enough_and_nothing_at_all_is_explained(
    catalogue: Catalogue, provider_staff: User, workshop: Party, login: Login, db: Any
) -> None:
    client = login(provider_staff)
    response = client.post(NEW, data=period_form(workshop, workshop_unit=str(catalogue.wood.id)))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="qualification_units-error"' in html
    assert "Nimeä ainakin yksi tutkinnon osa" in html
    assert placements(db) == []

    levy = catalogue.unit(catalogue.wood_report, "Levytyöt")
    response = client.post(
        NEW,
        data=period_form(
            workshop, workshop_unit=str(catalogue.wood.id), catalogue_units=[str(levy.id)]
        ),
    )
    assert response.status_code == 303
    assert [u.catalogue_unit_id for u in placements(db)[0].units] == [levy.id]


def test_free_text_units_stay_possible_without_a_unit_or_a_report(
    catalogue: Catalogue, provider_staff: User, workshop: Party, login: Login, db: Any
) -> None:
    client = login(provider_staff)
    response = client.post(
        NEW,
        data=period_form(
            workshop, workshop_unit=str(catalogue.office.id), qualification_units="Asiakaspalvelu"
        ),
    )
    assert response.status_code == 303
    (placement,) = placements(db)
    assert placement.workshop_unit_id == catalogue.office.id
    assert [(u.name, u.catalogue_unit_id) for u in placement.units] == [("Asiakaspalvelu", None)]


def test_a_unit_of_another_workshop_is_refused_beside_the_field(
    catalogue: Catalogue, provider_staff: User, workshop: Party, login: Login, db: Any
) -> None:
    client = login(provider_staff)
    other_unit = catalogue.other_workshop.units[0]
    response = client.post(
        NEW,
        data=period_form(
            workshop,
            workshop_unit=str(other_unit.id),
            qualification_units="Hitsaustyöt",
            reference="LUOVI-2026-099",
        ),
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="workshop_unit-error"' in html
    assert "Valitse yksikkö, joka kuuluu työpajalle Parik-säätiö." in html
    assert 'value="LUOVI-2026-099"' in html  # what was typed is kept
    assert placements(db) == []


def test_a_qualification_unit_of_another_report_is_refused_beside_the_field(
    catalogue: Catalogue, provider_staff: User, workshop: Party, login: Login, db: Any
) -> None:
    client = login(provider_staff)
    cooking = catalogue.kitchen_report.qualification_units[0]
    welding = catalogue.other_report.qualification_units[0]
    levy = catalogue.unit(catalogue.wood_report, "Levytyöt")
    for foreign in (cooking, welding):
        response = client.post(
            NEW,
            data=period_form(
                workshop,
                workshop_unit=str(catalogue.wood.id),
                catalogue_units=[str(levy.id), str(foreign.id)],
            ),
        )
        assert response.status_code == 422
        html = response.get_data(as_text=True)
        assert 'id="catalogue_units-error"' in html
        assert "Valitse tutkinnon osat yksikön Puu- ja metallityö tunnistamisraportista." in html
        assert checkboxes(html)[levy.id] is True
    # Without a unit chosen at all.
    response = client.post(NEW, data=period_form(workshop, catalogue_units=[str(levy.id)]))
    assert response.status_code == 422
    assert 'id="catalogue_units-error"' in response.get_data(as_text=True)
    assert placements(db) == []


def test_htmx_refreshes_only_the_units_and_saves_nothing(
    catalogue: Catalogue, provider_staff: User, workshop: Party, login: Login, db: Any
) -> None:
    client = login(provider_staff)
    response = client.post(
        NEW,
        data=period_form(workshop, workshop_unit=str(catalogue.kitchen.id), refresh="units"),
        headers=HTMX,
    )
    assert response.status_code == 200
    assert "HX-Request" in response.headers["Vary"]
    html = response.get_data(as_text=True)
    assert "<html" not in html and 'id="workshop-offer"' in html
    assert list(checkboxes(html)) == [catalogue.kitchen_report.qualification_units[0].id]

    # Another workshop chosen: its units are offered and the old unit is let go.
    response = client.post(
        NEW,
        data=period_form(
            catalogue.other_workshop, workshop_unit=str(catalogue.kitchen.id), refresh="units"
        ),
        headers=HTMX,
    )
    html = response.get_data(as_text=True)
    assert offered(html, "workshop_unit") == ["", str(catalogue.other_workshop.units[0].id)]
    assert chosen(html, "workshop_unit") == [""]
    assert checkboxes(html) == {}
    assert placements(db) == []


def test_without_javascript_show_the_units_reloads_the_form_keeping_what_was_typed(
    catalogue: Catalogue, provider_staff: User, workshop: Party, login: Login, db: Any
) -> None:
    client = login(provider_staff)
    response = client.post(
        NEW,
        data=period_form(
            workshop,
            workshop_unit=str(catalogue.wood.id),
            refresh="units",
            reference="LUOVI-2026-123",
            hoks_goals="",  # missing, but nothing is checked yet
        ),
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<html" in html and "error-summary" not in html
    assert 'value="LUOVI-2026-123"' in html
    assert len(checkboxes(html)) == 3
    assert placements(db) == []


def test_editing_a_draft_shows_the_ticked_units_and_changes_them(
    catalogue: Catalogue, provider_staff: User, workshop: Party, login: Login, db: Any
) -> None:
    client = login(provider_staff)
    levy = catalogue.unit(catalogue.wood_report, "Levytyöt")
    pinta = catalogue.unit(catalogue.wood_report, "Pintakäsittely")
    client.post(
        NEW,
        data=period_form(
            workshop,
            workshop_unit=str(catalogue.wood.id),
            catalogue_units=[str(levy.id)],
            qualification_units="Työelämätaidot",
        ),
    )
    (placement,) = placements(db)
    edit = f"/placements/{placement.id}/edit"
    html = client.get(edit).get_data(as_text=True)
    assert chosen(html, "workshop_unit") == [str(catalogue.wood.id)]
    assert checkboxes(html)[levy.id] is True and checkboxes(html)[pinta.id] is False
    textarea = re.search(
        r'<textarea[^>]*name="qualification_units"[^>]*>(.*?)</textarea>', html, re.S
    )
    assert textarea and textarea.group(1).strip() == "Työelämätaidot"

    # The htmx refresh works on the edit page too, through the placement's scope.
    assert client.post(edit, data={"refresh": "units"}, headers=HTMX).status_code == 200

    response = client.post(
        edit,
        data=period_form(
            workshop, workshop_unit=str(catalogue.wood.id), catalogue_units=[str(pinta.id)]
        ),
    )
    assert response.status_code == 303
    db.session.expire_all()
    placement = db.session.get(Placement, placement.id)
    assert [(u.name, u.catalogue_unit_id) for u in placement.units] == [
        ("Pintakäsittely", pinta.id)
    ]

    # Another unit without a report: the units stay, typed, and the link goes.
    response = client.post(
        edit,
        data=period_form(
            workshop, workshop_unit=str(catalogue.office.id), qualification_units="Pintakäsittely"
        ),
    )
    assert response.status_code == 303
    db.session.expire_all()
    placement = db.session.get(Placement, placement.id)
    assert placement.workshop_unit_id == catalogue.office.id
    assert [(u.name, u.catalogue_unit_id) for u in placement.units] == [("Pintakäsittely", None)]


def test_another_party_cannot_refresh_a_drafts_form(
    catalogue: Catalogue, provider_staff: User, workshop: Party, login: Login, db: Any
) -> None:
    client = login(provider_staff)
    client.post(NEW, data=period_form(workshop, qualification_units="Asiakaspalvelu"))
    (placement,) = placements(db)
    other_provider = factories.PartyFactory(name="Toinen oppilaitos", kind=workshop.kind)
    outsider = factories.UserFactory(party=other_provider)
    response = login(outsider).post(
        f"/placements/{placement.id}/edit", data={"refresh": "units"}, headers=HTMX
    )
    assert response.status_code == 404
