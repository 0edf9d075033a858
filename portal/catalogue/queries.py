"""Finding reports: the catalogue's search, its filters, and the lists of a workshop's own."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from portal.auth.models import User
from portal.catalogue import search
from portal.catalogue.models import LearningEnvironment, QualificationUnit
from portal.catalogue.policy import may_report_on
from portal.catalogue.service import review_months
from portal.core.authz import visible
from portal.extensions import db
from portal.parties.models import Party, PartyKind, Unit
from portal.parties.service import coordinators_of


def _active_party() -> sa.ColumnElement[bool]:
    return sa.or_(Party.withdrawn_on.is_(None), Party.withdrawn_on > date.today())


def _locality() -> sa.ColumnElement[str]:
    """A unit's municipality, or its party's when the unit names none."""
    return sa.func.coalesce(sa.func.nullif(Unit.locality, ""), Party.locality)


def _searchable(user: User) -> sa.Select[Any]:
    """Published reports of active workshops that the user may see."""
    return (
        visible(LearningEnvironment, user)
        .join(LearningEnvironment.unit)
        .join(Unit.party)
        .where(
            LearningEnvironment.published_at.is_not(None),
            Party.kind == PartyKind.WORKSHOP,
            _active_party(),
        )
    )


@dataclass
class Criteria:
    query: str = ""
    field: str = ""
    locality: str = ""
    party_id: int | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.query or self.field or self.locality or self.party_id)


@dataclass
class SearchResult:
    environment: LearningEnvironment
    # The qualification units that match the query, best first; all of them without a query.
    matches: list[QualificationUnit]
    score: float
    contacts: list[User]


def search_catalogue(user: User, criteria: Criteria) -> list[SearchResult]:
    """Reports matching the criteria, the most relevant first."""
    stmt = _searchable(user).options(
        selectinload(LearningEnvironment.qualification_units),
        selectinload(LearningEnvironment.unit).selectinload(Unit.party),
    )
    if criteria.party_id is not None:
        stmt = stmt.where(Party.id == criteria.party_id)
    stmt = stmt.order_by(Party.name, Unit.name)

    query_terms = search.query_terms(criteria.query)
    field_terms = search.query_terms(criteria.field)
    results = []
    for environment in db.session.scalars(stmt):
        # Compared here, not in SQL: SQLite lower-cases only ASCII ("Äänekoski").
        unit = environment.unit
        if criteria.locality and search.fold(unit.locality or unit.party.locality) != search.fold(
            criteria.locality
        ):
            continue
        score = 1.0
        if field_terms:
            field_text = search.index_text(environment.unit.name, environment.work_description)
            score = search.score(field_terms, field_text)
            if not score:
                continue
        matches = list(environment.qualification_units)
        if query_terms:
            scored = [(search.score(query_terms, q.search_text), q) for q in matches]
            scored = [pair for pair in scored if pair[0] > 0]
            if not scored:
                continue
            scored.sort(key=lambda pair: -pair[0])
            matches = [q for _, q in scored]
            # The best unit decides; more matching units of the same report break ties.
            score = scored[0][0] + 0.01 * min(len(scored), 10)
        results.append(SearchResult(environment, matches, score, []))
    # sorted() is stable: equal scores keep the order by workshop and unit.
    results.sort(key=lambda r: -r.score)
    _attach_contacts(results)
    return results


def contacts_for(environment: LearningEnvironment) -> list[User]:
    """Whom to call about the unit: its own coordinators, else the whole party's."""
    coordinators = coordinators_of([environment.unit.party_id])
    return _contacts(environment, coordinators)


def _contacts(environment: LearningEnvironment, coordinators: list[User]) -> list[User]:
    of_party = [u for u in coordinators if u.party_id == environment.unit.party_id]
    of_unit = [u for u in of_party if u.unit_id == environment.unit_id]
    return of_unit or [u for u in of_party if u.unit_id is None]


def _attach_contacts(results: list[SearchResult]) -> None:
    coordinators = coordinators_of({r.environment.unit.party_id for r in results})
    for result in results:
        result.contacts = _contacts(result.environment, coordinators)


def filter_choices(user: User) -> tuple[list[str], list[Party]]:
    """The municipalities and workshops that have published reports, for the search filters."""
    searchable = _searchable(user).subquery()
    localities = db.session.scalars(
        sa.select(_locality())
        .select_from(Unit)
        .join(Unit.party)
        .where(Unit.id.in_(sa.select(searchable.c.unit_id)))
        .distinct()
    ).all()
    parties = db.session.scalars(
        sa.select(Party)
        .where(
            Party.id.in_(
                sa.select(Unit.party_id).where(Unit.id.in_(sa.select(searchable.c.unit_id)))
            )
        )
        .order_by(Party.name)
    ).all()
    return sorted({loc for loc in localities if loc}), list(parties)


def qualification_names() -> list[str]:
    """Qualification names already used in reports, offered as suggestions when typing one."""
    return list(
        db.session.scalars(
            sa.select(QualificationUnit.qualification)
            .distinct()
            .order_by(QualificationUnit.qualification)
        )
    )


@dataclass
class OwnUnit:
    unit: Unit
    environment: LearningEnvironment | None
    may_edit: bool


def own_units(user: User) -> list[OwnUnit]:
    """The units of the user's workshop with their reports, for the people of the workshop."""
    party = user.party
    if party is None or party.kind != PartyKind.WORKSHOP:
        return []
    environments = {
        e.unit_id: e
        for e in db.session.scalars(
            visible(LearningEnvironment, user).where(
                LearningEnvironment.unit_id.in_([u.id for u in party.units])
            )
        )
    }
    return [OwnUnit(u, environments.get(u.id), may_report_on(user, u)) for u in party.units]


def due_for_review(user: User) -> list[LearningEnvironment]:
    """Reports the user may edit that are due for review, the oldest first."""
    if not user.is_coordinator or user.party is None or user.party.kind != PartyKind.WORKSHOP:
        return []
    months = review_months()
    stmt = (
        visible(LearningEnvironment, user)
        .join(LearningEnvironment.unit)
        .where(Unit.party_id == user.party_id)
        .options(selectinload(LearningEnvironment.unit))
        .order_by(LearningEnvironment.reported_on, LearningEnvironment.id)
    )
    if user.unit_id is not None:
        stmt = stmt.where(LearningEnvironment.unit_id == user.unit_id)
    return [e for e in db.session.scalars(stmt) if e.is_due_for_review(months)]
