"""The learning-environment catalogue: a workshop field's report and its qualification units."""

from __future__ import annotations

import factory

from portal.catalogue import search
from portal.catalogue.models import LearningEnvironment, QualificationUnit
from portal.core.models import utcnow
from tests.factories.base import BaseFactory, days_from_today
from tests.factories.parties import UnitFactory


class LearningEnvironmentFactory(BaseFactory):
    """A published report of a workshop's field, a month old; ``draft`` is not published.

    ``qualification_units`` takes (qualification, unit name, code) triples.
    """

    class Meta:
        model = LearningEnvironment

    class Params:
        draft = factory.Trait(published_at=None)
        age_days = 30

    unit = factory.SubFactory(UnitFactory)
    work_description = "Työpajan työt"
    capacity = 4
    reported_on = factory.LazyAttribute(lambda o: days_from_today(-o.age_days))
    author = "Raportin laatija"
    published_at = factory.LazyFunction(utcnow)
    search_text = factory.LazyAttribute(
        lambda o: search.index_text(o.unit.name, o.work_description)
    )

    @factory.post_generation
    def qualification_units(
        self: LearningEnvironment, create: bool, triples: list[tuple[str, str, str]] | None
    ) -> None:
        for qualification, name, code in triples or ():
            self.qualification_units.append(
                QualificationUnit(
                    qualification=qualification,
                    name=name,
                    code=code,
                    can_host_demonstration=True,
                    can_issue_certificate=False,
                    search_text=search.index_text(qualification, name, code),
                )
            )
        if create and triples:
            LearningEnvironmentFactory._meta.sqlalchemy_session_factory().commit()


class QualificationUnitFactory(BaseFactory):
    """A qualification unit that can be completed in a report's workshop, indexed for search."""

    class Meta:
        model = QualificationUnit

    class Params:
        certificate = factory.Trait(can_issue_certificate=True)

    environment = factory.SubFactory(LearningEnvironmentFactory)
    qualification = "Puuseppäalan perustutkinto"
    name = factory.Sequence(lambda n: f"Puutuotteiden valmistus {n}")
    code = factory.Sequence(lambda n: f"106{n:03d}")
    can_host_demonstration = True
    can_issue_certificate = False
    search_text = factory.LazyAttribute(
        lambda o: search.index_text(o.qualification, o.name, o.code)
    )
