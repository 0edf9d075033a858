"""A workshop with two fields and their published reports; the people are the common ones."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient

from portal.auth.models import Role, User
from portal.catalogue.models import LearningEnvironment
from portal.parties.models import Party, PartyKind, Unit
from tests import factories


@pytest.fixture
def wood(workshop: Party) -> Unit:
    return factories.UnitFactory(party=workshop, name="Puu- ja metallityö", locality="Kouvola")


@pytest.fixture
def kitchen(workshop: Party) -> Unit:
    return factories.UnitFactory(party=workshop, name="Ravintola ja catering", locality="Kotka")


@pytest.fixture
def wood_report(db: Any, wood: Unit) -> LearningEnvironment:
    return factories.LearningEnvironmentFactory(
        unit=wood,
        qualification_units=[
            ("Puuseppäalan perustutkinto", "Puusepänteollisuuden tuotteiden valmistus", "106789"),
            ("Kone- ja tuotantotekniikan perustutkinto", "Levytyöt", "100432"),
        ],
        work_description="Huonekalujen valmistus ja metallityöt",
    )


@pytest.fixture
def kitchen_report(db: Any, kitchen: Unit) -> LearningEnvironment:
    return factories.LearningEnvironmentFactory(
        unit=kitchen,
        qualification_units=[
            ("Ravintola- ja catering-alan perustutkinto", "Ruoanvalmistus", "106713")
        ],
        work_description="Lounasravintola",
    )


@pytest.fixture
def wood_coordinator(workshop: Party, wood: Unit) -> User:
    return factories.coordinator_of(workshop, unit=wood, email="wood@parik.example")


@pytest.fixture
def second_workshop(db: Any) -> Party:
    """Another workshop with reports of its own; its name sorts after Parik's."""
    return factories.PartyFactory(name="Toinen työpaja", kind=PartyKind.WORKSHOP)


@pytest.fixture
def as_user(login: Callable[[User], FlaskClient]) -> Callable[..., FlaskClient]:
    """A client signed in as a new user of the given party and role."""

    def _as(party: Party | None, role: Role = Role.STAFF, **kwargs: Any) -> FlaskClient:
        return login(factories.UserFactory(party=party, role=role, **kwargs))

    return _as
