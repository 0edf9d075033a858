"""A workshop with two fields and a published report, another workshop, and a provider."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient

from portal.auth.models import Role, User
from portal.catalogue import search
from portal.catalogue.models import LearningEnvironment, QualificationUnit
from portal.core.models import utcnow
from portal.parties.models import Party, PartyKind, Unit
from tests import factories


def make_report(
    db: Any,
    unit: Unit,
    units: list[tuple[str, str, str]],
    *,
    published: bool = True,
    age_days: int = 30,
    capacity: int = 4,
    work: str = "Työpajan työt",
) -> LearningEnvironment:
    """A report of ``unit`` listing (qualification, unit name, code) triples."""
    environment = LearningEnvironment(
        unit=unit,
        work_description=work,
        capacity=capacity,
        reported_on=date.today() - timedelta(days=age_days),
        author="Raportin laatija",
        published_at=utcnow() if published else None,
    )
    for qualification, name, code in units:
        environment.qualification_units.append(
            QualificationUnit(
                qualification=qualification,
                name=name,
                code=code,
                can_host_demonstration=True,
                can_issue_certificate=False,
                search_text=search.index_text(qualification, name, code),
            )
        )
    db.session.add(environment)
    db.session.commit()
    return environment


@pytest.fixture
def wood(workshop: Party) -> Unit:
    return factories.UnitFactory(party=workshop, name="Puu- ja metallityö", locality="Kouvola")


@pytest.fixture
def kitchen(workshop: Party) -> Unit:
    return factories.UnitFactory(party=workshop, name="Ravintola ja catering", locality="Kotka")


@pytest.fixture
def wood_report(db: Any, wood: Unit) -> LearningEnvironment:
    return make_report(
        db,
        wood,
        [
            ("Puuseppäalan perustutkinto", "Puusepänteollisuuden tuotteiden valmistus", "106789"),
            ("Kone- ja tuotantotekniikan perustutkinto", "Levytyöt", "100432"),
        ],
        work="Huonekalujen valmistus ja metallityöt",
    )


@pytest.fixture
def kitchen_report(db: Any, kitchen: Unit) -> LearningEnvironment:
    return make_report(
        db,
        kitchen,
        [("Ravintola- ja catering-alan perustutkinto", "Ruoanvalmistus", "106713")],
        work="Lounasravintola",
    )


@pytest.fixture
def wood_coordinator(workshop: Party, wood: Unit) -> User:
    return factories.coordinator_of(workshop, unit=wood, email="wood@parik.example")


@pytest.fixture
def provider_coordinator(provider: Party) -> User:
    return factories.coordinator_of(provider, email="coordinator@luovi.example")


@pytest.fixture
def other_workshop(db: Any) -> Party:
    return factories.PartyFactory(name="Toinen työpaja", kind=PartyKind.WORKSHOP)


@pytest.fixture
def as_user(login: Callable[[User], FlaskClient]) -> Callable[..., FlaskClient]:
    """A client signed in as a new user of the given party and role."""

    def _as(party: Party | None, role: Role = Role.STAFF, **kwargs: Any) -> FlaskClient:
        return login(factories.UserFactory(party=party, role=role, **kwargs))

    return _as
