"""The rules of skills demonstrations, in the service (portal.placements.demonstrations)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from portal.core.dates import today
from portal.core.errors import DomainError, NotPermitted, TransitionNotAllowed
from portal.placements import demonstrations
from portal.placements.demonstration_assessors import Assessor
from portal.placements.demonstrations import DemonstrationDetails
from portal.placements.enums import DemonstrationResult
from portal.placements.models import PlacementStatus
from tests.factories import DemonstrationFactory, PlacementBuilder, UserFactory
from tests.people import People

S = PlacementStatus
TODAY = today()


@pytest.fixture(autouse=True)
def _in_a_request(request_context: None) -> None:
    """Notifications link to the placement, so the services run in a request."""


def test_a_unit_is_chosen_from_the_placements_and_typed_only_when_it_names_none(
    db: Any, people: People, make_placement: PlacementBuilder
) -> None:
    placement = make_placement(S.ONGOING)
    by_name = demonstrations.add(
        people.workshop_staff,
        placement,
        DemonstrationDetails("puutuotteiden valmistus", TODAY, "Paja"),
    )
    # A name typed as it is on the list links to that unit, and reads as the list does.
    assert by_name.unit_id == placement.units[0].id
    assert by_name.qualification_unit == "Puutuotteiden valmistus (106927)"
    with pytest.raises(DomainError) as refused:
        demonstrations.add(
            people.workshop_staff, placement, DemonstrationDetails("Hitsaus", TODAY, "Paja")
        )
    assert refused.value.field == "unit"

    placement.units.clear()
    db.session.flush()
    typed = demonstrations.add(
        people.workshop_staff, placement, DemonstrationDetails("Hitsaus", TODAY, "Paja")
    )
    assert (typed.unit_id, typed.qualification_unit) == (None, "Hitsaus")
    with pytest.raises(DomainError) as empty:
        demonstrations.add(people.workshop_staff, placement, DemonstrationDetails("", TODAY, "P"))
    assert empty.value.field == "qualification_unit"


def test_an_identity_code_is_refused_in_every_text(
    people: People, make_placement: PlacementBuilder
) -> None:
    placement = make_placement(S.ONGOING)
    with pytest.raises(DomainError) as refused:
        demonstrations.add(
            people.workshop_staff,
            placement,
            DemonstrationDetails(
                "Puutuotteiden valmistus",
                TODAY,
                "Paja",
                working_life_assessor=Assessor(name="Ulla 131052-308T"),
            ),
        )
    assert refused.value.field == "working_life_assessor_name"


def test_a_chosen_assessor_is_kept_when_changed_by_someone_who_could_not_choose_them(
    db: Any, people: People, make_placement: PlacementBuilder
) -> None:
    placement = make_placement(S.ONGOING)
    # A teacher of Luovi not on the team: Luovi's people may name them, Parik's may not.
    teacher = UserFactory(party=people.provider, name="Terttu Opettaja")
    demonstration = demonstrations.add(
        people.provider_staff,
        placement,
        DemonstrationDetails(
            "Puutuotteiden valmistus",
            TODAY + timedelta(days=5),
            "Paja",
            teacher_assessor=Assessor(teacher.id),
        ),
    )
    assert demonstration.teacher_assessor == "Terttu Opettaja"
    with pytest.raises(DomainError):
        demonstrations.add(
            people.workshop_staff,
            placement,
            DemonstrationDetails(
                "Puutuotteiden valmistus", TODAY, "Paja", teacher_assessor=Assessor(teacher.id)
            ),
        )
    demonstrations.change(
        people.workshop_staff,
        placement,
        demonstration,
        DemonstrationDetails(
            "Puutuotteiden valmistus",
            TODAY + timedelta(days=6),
            "Paja",
            teacher_assessor=Assessor(teacher.id),
        ),
    )
    assert (demonstration.teacher_assessor_id, demonstration.held_on) == (
        teacher.id,
        TODAY + timedelta(days=6),
    )


def test_held_means_its_day_has_passed_or_its_result_is_in(
    people: People, make_placement: PlacementBuilder
) -> None:
    placement = make_placement(S.ONGOING)
    assert not DemonstrationFactory(placement=placement, held_on=TODAY).is_held
    assert DemonstrationFactory(placement=placement, held_on=TODAY - timedelta(days=1)).is_held
    recorded = DemonstrationFactory(
        placement=placement,
        held_on=TODAY,
        result=DemonstrationResult.NOT_YET,
        result_recorded_on=TODAY,
    )
    assert recorded.is_held
    with pytest.raises(TransitionNotAllowed):
        demonstrations.remove(people.workshop_staff, placement, recorded)


def test_only_the_provider_records_a_result_and_only_once(
    people: People, make_placement: PlacementBuilder
) -> None:
    placement = make_placement(S.ONGOING)
    held = DemonstrationFactory(placement=placement, held_on=TODAY)
    with pytest.raises(NotPermitted):
        demonstrations.record_result(
            people.workshop_coordinator, placement, held, DemonstrationResult.APPROVED
        )
    with pytest.raises(DomainError) as grade:
        demonstrations.record_result(
            people.provider_staff, placement, held, DemonstrationResult.APPROVED, 6
        )
    assert grade.value.field == "grade"
    demonstrations.record_result(
        people.provider_staff, placement, held, DemonstrationResult.NOT_YET
    )
    assert (held.result, held.grade) == (DemonstrationResult.NOT_YET, None)
    with pytest.raises(TransitionNotAllowed):
        demonstrations.record_result(
            people.provider_coordinator, placement, held, DemonstrationResult.APPROVED, 3
        )


def test_nothing_is_planned_before_the_request_is_accepted(
    people: People, make_placement: PlacementBuilder
) -> None:
    placement = make_placement(S.SUBMITTED)
    with pytest.raises(TransitionNotAllowed):
        demonstrations.add(
            people.provider_coordinator,
            placement,
            DemonstrationDetails("Puutuotteiden valmistus", TODAY, "Paja"),
        )
