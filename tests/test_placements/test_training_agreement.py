"""A workshop period's agreement is a training agreement (koulutussopimus): the form asks for
its contents, the agreement page carries them in every version, each party names its own
people, and nobody sees another party's staff or another party's placement."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from html import unescape
from typing import Any

import pytest
from flask.testing import FlaskClient

from portal.auth.models import User
from portal.core.dates import today
from portal.parties.models import Party, Unit, UnitKind
from portal.placements.models import Placement, PlacementStatus
from tests.factories import PlacementBuilder

S = PlacementStatus
Login = Callable[[User], FlaskClient]


@pytest.fixture
def people_en(people: dict[str, User], db: Any) -> dict[str, User]:
    """The people of both parties, reading the portal in English, with names to find."""
    names = {
        "workshop_coordinator": ("Kaisa Koordinaattori", "Pajakoordinaattori"),
        "workshop_staff": ("Ville Valmentaja", "Työvalmentaja"),
        "provider_coordinator": ("Liisa Luovi", "Koulutuspäällikkö"),
        "provider_staff": ("Olli Opettaja", "Opettaja"),
    }
    for key, user in people.items():
        user.locale = "en"
        if key in names:
            user.name, user.title = names[key]
    people["provider_staff"].phone = "040 123 4567"
    db.session.commit()
    return people


def amendment_form(placement: Placement, **changes: Any) -> dict[str, Any]:
    assert placement.end_on is not None
    data: dict[str, Any] = {
        "start_on": placement.start_on.isoformat(),
        "end_on": placement.end_on.isoformat(),
        "hoks_goals": "Puutyön perusteet ja työturvallisuus",
        "qualification_units": "106927 Puutuotteiden valmistus",
        "support_level": "intermediate",
        "daily_price": "55",
        "livelihood_checked": "y",
        "livelihood_note": "Opintotuki ei muutu.",
        "duties_confirmed": "y",
        "workplace_name": "Parik-säätiö, Puutyöpaja",
        "workplace_address": "Kauppakatu 3, 06100 Porvoo",
        "instructor": "",
        "instructor_name": "Pekka Puuseppä",
        "instructor_contact": "pekka@parik.example",
        "teacher": "",
        "teacher_name": "",
        "teacher_contact": "",
        "working_hours": "Ma–pe 8.30–14.30, 30 tuntia viikossa",
        "assessment": "Näyttö pajalla; arvioijina vastuuopettaja ja työpaikkaohjaaja",
        "provider_duties": "Opettaja käy pajalla kahden viikon välein.",
        "workshop_duties": "Työvaatteet ja turvakengät pajalta.",
        "reason": "Koulutussopimuksen sisältö täydennetty.",
    }
    data.update(changes)
    return data


def text_of(response: Any) -> str:
    """The page as read, without tags."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))).split())


def error_beside(html: str, field: str) -> str:
    found = re.search(rf'<p class="error" id="{field}-error">([^<]*)</p>', html)
    assert found, f"no error beside {field}"
    return unescape(found[1])


# --- The page and the form ------------------------------------------------------------------


def test_an_amendment_records_the_training_agreement_and_both_parties_read_it(
    people_en: dict[str, User], login: Login, make_placement: PlacementBuilder
) -> None:
    placement = make_placement(S.AGREED)
    teacher = people_en["provider_staff"]
    provider = login(people_en["provider_coordinator"])

    form = provider.get(f"/placements/{placement.id}/amend").get_data(as_text=True)
    for name in ("workplace_name", "instructor", "teacher", "working_hours", "assessment"):
        assert f'name="{name}"' in form
    # The teacher is chosen among the provider's own people.
    assert f'<option value="{teacher.id}">Olli Opettaja, Opettaja</option>' in form

    response = provider.post(
        f"/placements/{placement.id}/amend", data=amendment_form(placement, teacher=teacher.id)
    )
    assert response.status_code == 303

    for reader in ("workshop_coordinator", "workshop_staff", "provider_staff"):
        page = text_of(login(people_en[reader]).get(f"/placements/{placement.id}/agreement/2"))
        assert "Training agreement" in page
        assert "Place of work Parik-säätiö, Puutyöpaja Kauppakatu 3, 06100 Porvoo" in page
        assert "Workplace instructor Pekka Puuseppä pekka@parik.example" in page
        # Chosen through the portal: the name and contact are the account's.
        assert f"Responsible teacher Olli Opettaja 040 123 4567, {teacher.email}" in page
        assert "The competence to be acquired Puutyön perusteet ja työturvallisuus" in page
        assert "Puutuotteiden valmistus (106927)" in page
        assert "Working hours Ma–pe 8.30–14.30, 30 tuntia viikossa" in page
        assert "How the competence is assessed Näyttö pajalla" in page
        assert "the student's insurance" in page and "travel and meals where needed" in page
        assert "occupational safety and the induction to the work" in page
        assert "Also agreed: Opettaja käy pajalla kahden viikon välein." in page
        assert "Also agreed: Työvaatteet ja turvakengät pajalta." in page
        assert "Not recorded" not in page and "does not yet record" not in page

    # The first version stays as it was signed: its contents were not asked for then.
    first = text_of(provider.get(f"/placements/{placement.id}/agreement/1"))
    assert "Workplace instructor Not recorded" in first


def test_both_parties_sign_the_amended_training_agreement_and_it_is_in_force(
    people_en: dict[str, User], login: Login, make_placement: PlacementBuilder, db: Any
) -> None:
    placement = make_placement(S.AGREED)
    provider = login(people_en["provider_coordinator"])
    provider.post(f"/placements/{placement.id}/amend", data=amendment_form(placement))
    for who in ("provider_coordinator", "workshop_coordinator"):
        response = login(people_en[who]).post(
            f"/placements/{placement.id}/agreement/sign",
            data={"version": "2", "title": "Koordinaattori", "confirm": "y"},
        )
        assert response.status_code == 303
    db.session.expire_all()
    placement = db.session.get(Placement, placement.id)
    assert placement.agreement_in_force is not None
    assert placement.agreement_in_force.number == 2
    assert placement.instructor_name == "Pekka Puuseppä"
    assert placement.working_hours.startswith("Ma–pe")


def test_the_workshop_names_its_own_staff_member_and_the_provider_keeps_that_choice(
    people_en: dict[str, User], login: Login, make_placement: PlacementBuilder
) -> None:
    placement = make_placement(S.AGREED)
    instructor = people_en["workshop_staff"]
    workshop = login(people_en["workshop_coordinator"])
    response = workshop.post(
        f"/placements/{placement.id}/amend",
        data=amendment_form(placement, instructor=instructor.id, instructor_name=""),
    )
    assert response.status_code == 303
    page = text_of(workshop.get(f"/placements/{placement.id}/agreement/2"))
    assert "Workplace instructor Ville Valmentaja" in page

    # The provider may not list the workshop's staff, yet its amendment keeps the one named.
    provider = login(people_en["provider_coordinator"])
    form = provider.get(f"/placements/{placement.id}/amend").get_data(as_text=True)
    assert f'<option selected value="{instructor.id}">Ville Valmentaja</option>' in form
    response = provider.post(
        f"/placements/{placement.id}/amend",
        data=amendment_form(
            placement,
            instructor=instructor.id,
            instructor_name="",
            working_hours="Ma–to 9–14",
            reason="Työaika muuttuu.",
        ),
    )
    assert response.status_code == 303
    page = text_of(provider.get(f"/placements/{placement.id}/agreement/3"))
    assert "Workplace instructor Ville Valmentaja" in page and "Ma–to 9–14" in page


def test_a_new_request_asks_for_the_training_agreement_and_keeps_what_was_given(
    people_en: dict[str, User], login: Login, workshop: Party, db: Any
) -> None:
    teacher = people_en["provider_staff"]
    client = login(people_en["provider_coordinator"])
    form = client.get("/placements/new/to-workshop").get_data(as_text=True)
    assert "Training agreement" in form and 'name="working_hours"' in form
    start = today() + timedelta(days=14)
    response = client.post(
        "/placements/new/to-workshop",
        data={
            "reference": "LUOVI-2026-077",
            "initials": "M.V.",
            "receiver": str(workshop.id),
            "start_on": start.isoformat(),
            "end_on": (start + timedelta(days=120)).isoformat(),
            "hoks_goals": "Puutyön perusteet",
            "qualification_units": "106927 Puutuotteiden valmistus",
            "support_level": "intermediate",
            "daily_price": "55",
            "teacher": str(teacher.id),
            "working_hours": "30 tuntia viikossa",
            "assessment": "Näyttö pajalla",
        },
    )
    assert response.status_code == 303
    placement = db.session.scalar(
        db.select(Placement).where(Placement.reference == "LUOVI-2026-077")
    )
    assert (placement.teacher_id, placement.teacher_name) == (teacher.id, "Olli Opettaja")
    assert placement.working_hours == "30 tuntia viikossa"
    edit = client.get(f"/placements/{placement.id}/edit").get_data(as_text=True)
    assert f'<option selected value="{teacher.id}">Olli Opettaja, Opettaja</option>' in edit
    assert "Näyttö pajalla" in edit


def test_version_one_names_the_workshop_unit_and_its_address_as_the_place_of_work(
    people_en: dict[str, User],
    login: Login,
    make_placement: PlacementBuilder,
    workshop: Party,
    db: Any,
) -> None:
    unit = Unit(
        party=workshop,
        kind=UnitKind.SITE,
        name="Puutyöpaja",
        address="Kauppakatu 3",
        locality="Porvoo",
    )
    db.session.add(unit)
    db.session.flush()
    placement = make_placement(S.SUBMITTED, workshop_unit=unit)
    client = login(people_en["workshop_coordinator"])
    assert client.post(f"/placements/{placement.id}/accept", data={}).status_code == 303
    page = text_of(client.get(f"/placements/{placement.id}/agreement"))
    assert "Place of work Parik-säätiö, Puutyöpaja Kauppakatu 3, Porvoo" in page
    # What the request did not yet say is pointed out, with the way to complete it.
    assert (
        "This version does not yet record: the workplace instructor, the responsible teacher, "
        "the working hours, how the competence is assessed." in page
    )
    assert "Complete them in an amendment" in page


def test_an_agreement_made_before_shows_its_contents_as_not_recorded(
    people_en: dict[str, User], login: Login, make_placement: PlacementBuilder
) -> None:
    placement = make_placement(S.AGREED)
    coordinator = text_of(
        login(people_en["workshop_coordinator"]).get(f"/placements/{placement.id}/agreement")
    )
    assert "Place of work Not recorded" in coordinator
    assert "Working hours Not recorded" in coordinator
    assert "Complete them in an amendment" in coordinator
    # Staff read the agreement but do not amend it.
    staff = text_of(login(people_en["workshop_staff"]).get(f"/placements/{placement.id}/agreement"))
    assert "does not yet record" in staff and "Complete them in an amendment" not in staff


def test_the_finnish_and_swedish_pages_carry_the_training_agreement(
    people_en: dict[str, User], login: Login, make_placement: PlacementBuilder, db: Any
) -> None:
    placement = make_placement(S.AGREED)
    reader = people_en["workshop_coordinator"]
    for locale, heading, instructor in (
        ("fi", "Koulutussopimus", "Työpaikkaohjaaja"),
        ("sv", "Utbildningsavtal", "Arbetsplatshandledare"),
    ):
        reader.locale = locale
        db.session.commit()
        page = text_of(login(reader).get(f"/placements/{placement.id}/agreement"))
        assert heading in page and instructor in page


# --- Errors beside the fields, keeping what was typed ------------------------------------------


def test_a_person_of_the_wrong_party_is_refused_beside_the_field(
    people_en: dict[str, User], login: Login, make_placement: PlacementBuilder
) -> None:
    placement = make_placement(S.AGREED)
    client = login(people_en["provider_coordinator"])
    # The provider's own teacher as the workshop's instructor.
    response = client.post(
        f"/placements/{placement.id}/amend",
        data=amendment_form(
            placement, instructor=people_en["provider_staff"].id, instructor_name=""
        ),
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert error_beside(html, "instructor") == (
        "Choose a person of Parik-säätiö, or type the name."
    )
    assert "Ma–pe 8.30–14.30, 30 tuntia viikossa" in html
    assert 'value="Kauppakatu 3, 06100 Porvoo"' in html

    # A staff member of the workshop, whom the provider may not see, is refused the same way.
    response = client.post(
        f"/placements/{placement.id}/amend",
        data=amendment_form(
            placement, instructor=people_en["workshop_staff"].id, instructor_name=""
        ),
    )
    assert response.status_code == 422
    assert "Ville Valmentaja" not in response.get_data(as_text=True)


def test_choosing_a_person_and_typing_another_name_is_refused(
    people_en: dict[str, User], login: Login, make_placement: PlacementBuilder
) -> None:
    placement = make_placement(S.AGREED)
    client = login(people_en["provider_coordinator"])
    response = client.post(
        f"/placements/{placement.id}/amend",
        data=amendment_form(
            placement, teacher=people_en["provider_staff"].id, teacher_name="Joku Muu"
        ),
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert error_beside(html, "teacher_name") == (
        "Choose a person from the list or type a name, not both."
    )
    assert 'value="Joku Muu"' in html


def test_an_identity_code_in_the_contents_is_refused_beside_the_field(
    people_en: dict[str, User], login: Login, make_placement: PlacementBuilder
) -> None:
    placement = make_placement(S.AGREED)
    response = login(people_en["provider_coordinator"]).post(
        f"/placements/{placement.id}/amend",
        data=amendment_form(placement, assessment="Näyttö, opiskelija 010203A123B"),
    )
    assert response.status_code == 422
    assert "identity code" in error_beside(response.get_data(as_text=True), "assessment")


# --- Who sees whom -----------------------------------------------------------------------------


def names_offered(client: FlaskClient, **params: Any) -> list[str]:
    response = client.get("/placements/people", query_string=params, headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<html" not in html
    return re.findall(r'<option value="\d+"[^>]*>([^<,]+)', html)


def test_the_people_search_offers_only_those_the_user_may_see(
    people_en: dict[str, User], login: Login, workshop: Party, provider: Party
) -> None:
    provider_side = login(people_en["provider_coordinator"])
    # The other party's coordinators, as in the directory; never its staff.
    assert names_offered(provider_side, role="instructor", party=workshop.id) == [
        "Kaisa Koordinaattori"
    ]
    # Its own people, narrowed by the search.
    assert names_offered(provider_side, role="teacher", party=provider.id) == [
        "Liisa Luovi",
        "Olli Opettaja",
    ]
    assert names_offered(provider_side, role="teacher", party=provider.id, q="opet") == [
        "Olli Opettaja"
    ]
    workshop_side = login(people_en["workshop_coordinator"])
    assert names_offered(workshop_side, role="instructor", party=workshop.id, q="ville") == [
        "Ville Valmentaja"
    ]
    assert provider_side.get("/placements/people?role=else").status_code == 404


def test_another_party_gets_404_for_the_agreement_and_its_amendment(
    people_en: dict[str, User], login: Login, make_placement: PlacementBuilder
) -> None:
    placement = make_placement(S.AGREED)
    outsider = login(people_en["outsider"])
    assert outsider.get(f"/placements/{placement.id}/agreement").status_code == 404
    assert outsider.get(f"/placements/{placement.id}/amend").status_code == 404
    response = outsider.post(f"/placements/{placement.id}/amend", data=amendment_form(placement))
    assert response.status_code == 404


def test_staff_may_not_amend_the_training_agreement(
    people_en: dict[str, User], login: Login, make_placement: PlacementBuilder
) -> None:
    placement = make_placement(S.AGREED)
    response = login(people_en["provider_staff"]).post(
        f"/placements/{placement.id}/amend", data=amendment_form(placement)
    )
    assert response.status_code in (403, 404)
    assert len(placement.agreements) == 1


def test_the_demo_shows_a_filled_training_agreement(runner: Any, db: Any, login: Login) -> None:
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    reader = db.session.scalar(db.select(User).where(User.email == "paivi.korhonen@luovi.example"))
    reader.locale = "en"
    placement = db.session.scalar(
        db.select(Placement).where(Placement.reference == "LUOVI-2026-031")
    )
    page = text_of(login(reader).get(f"/placements/{placement.id}/agreement"))
    assert "Workplace instructor Jukka Lehtonen" in page
    assert "Responsible teacher Hannu Rantanen" in page
    assert "Place of work Parik-säätiö, Puu- ja metallityö Kauppamiehenkatu 4" in page
    assert "Not recorded" not in page


def test_the_people_search_needs_a_signed_in_user(client: FlaskClient, workshop: Party) -> None:
    response = client.get(f"/placements/people?role=instructor&party={workshop.id}")
    assert response.status_code in (302, 303)
    assert "/auth/login" in response.headers["Location"]
