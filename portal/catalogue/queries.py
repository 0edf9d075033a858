"""Finding reports: the catalogue's search, its filters, and the lists of a workshop's own."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy.orm import contains_eager, selectinload

from portal.auth.models import User
from portal.catalogue import ranking, search
from portal.catalogue.models import LearningEnvironment, QualificationUnit
from portal.catalogue.policy import may_report_on
from portal.catalogue.service import review_months
from portal.core.authz import visible
from portal.core.dates import today
from portal.core.pagination import paginate_counted_along
from portal.extensions import db
from portal.parties.models import Party, PartyKind, Unit
from portal.parties.service import coordinators_of


def _active_party() -> sa.ColumnElement[bool]:
    return sa.or_(Party.withdrawn_on.is_(None), Party.withdrawn_on > today())


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
    contacts: list[User]


@dataclass
class ResultPage:
    """The shown page of a search: its results, and the pager that counts them all."""

    page: Pagination
    results: list[SearchResult]


def _search_statement(user: User, criteria: Criteria, units: sa.Subquery | None) -> sa.Select[Any]:
    """The reports matching the criteria, the most relevant first, as one statement."""
    stmt = _searchable(user).options(
        contains_eager(LearningEnvironment.unit).contains_eager(Unit.party)
    )
    if criteria.party_id is not None:
        stmt = stmt.where(Party.id == criteria.party_id)
    if criteria.locality:
        # lower() folds "Ä" on both databases (SQLite's is replaced, see core.database).
        stmt = stmt.where(sa.func.lower(_locality()) == criteria.locality.lower())
    rank: sa.ColumnElement[float] | None = None
    field_terms = search.query_terms(criteria.field)
    if field_terms:
        scores, rank = ranking.scored(LearningEnvironment.search_text, field_terms)
        stmt = stmt.where(*(score >= ranking.THRESHOLD for score in scores))
    if units is not None:
        # The best unit decides; more matching units of the same report break ties.
        matched = sa.func.count(units.c.id)
        per_report = (
            sa.select(
                units.c.environment_id,
                (
                    sa.func.max(units.c.score) + 0.01 * sa.case((matched > 10, 10), else_=matched)
                ).label("rank"),
            )
            .group_by(units.c.environment_id)
            .subquery("ranked_reports")
        )
        stmt = stmt.join(per_report, per_report.c.environment_id == LearningEnvironment.id)
        rank = per_report.c.rank
    order = [Party.name, Unit.name, LearningEnvironment.id]
    return stmt.order_by(*([rank.desc()] if rank is not None else []), *order)


def search_catalogue(user: User, criteria: Criteria) -> ResultPage:
    """The shown page of the reports matching the criteria, the most relevant first.

    The database ranks and cuts the page; only its reports and their units are loaded.
    """
    dialect = db.session.get_bind().dialect.name
    query_terms = search.query_terms(criteria.query)
    units = ranking.matching_units(query_terms, dialect) if query_terms else None
    # The ranking is the costly part: the total is counted along, not by running it again.
    with ranking.index_scans_preferred(dialect if units is not None else ""):
        page = paginate_counted_along(_search_statement(user, criteria, units))
    environments: list[LearningEnvironment] = list(page.items)
    ids = [e.id for e in environments]
    matches: dict[int, list[QualificationUnit]] = {i: [] for i in ids}
    of_page = sa.select(QualificationUnit).where(QualificationUnit.environment_id.in_(ids))
    unit_order = [QualificationUnit.qualification, QualificationUnit.name, QualificationUnit.id]
    if units is not None:
        # Scored again, but only the units of the shown reports.
        on_page = ranking.matching_units(query_terms, dialect, environment_ids=ids)
        of_page = of_page.join(on_page, on_page.c.id == QualificationUnit.id).order_by(
            on_page.c.score.desc(), *unit_order
        )
    else:
        of_page = of_page.order_by(*unit_order)
    if ids:
        for qualification_unit in db.session.scalars(of_page):
            matches[qualification_unit.environment_id].append(qualification_unit)
    results = [SearchResult(e, matches[e.id], []) for e in environments]
    _attach_contacts(results)
    return ResultPage(page, results)


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
