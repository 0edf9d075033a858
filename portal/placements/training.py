"""The training agreement (*koulutussopimus*) of a workshop period.

A workshop period is the provider's student acquiring competence at the workshop, so its
per-trainee agreement carries what the Vocational Education and Training Act (531/2017) and
the decree on it (673/2017) ask of a training agreement: the place of work, the workplace
instructor and the provider's responsible teacher, the qualification units and the
competence to be acquired, the period and its working hours, how the competence is assessed,
and the duties of each party — the standard split of the guidelines, and what the parties
agree on top of it.

The people are each party's own: the workplace instructor is a person of the workshop, the
teacher one of the provider. Either is chosen among the portal users the actor may see (its
own party's people and other parties' coordinators, as in the directory) or typed by name
when not a portal user; the search never shows staff of another party.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from portal.auth.models import User
from portal.core.authz import visible
from portal.core.errors import DomainError
from portal.extensions import db
from portal.parties.models import Party, Unit
from portal.placements.models import Direction, Placement
from portal.placements.terms import Terms

# The standard split of duties (the guidelines), shown in every training agreement.
PROVIDER_DUTIES = (
    _l("the student's insurance"),
    _l("travel and meals where needed"),
    _l("student welfare: the student stays within the provider's student welfare services"),
    _l("the goals, guidance and assessment of the studies, with the responsible teacher"),
)
WORKSHOP_DUTIES = (
    _l("the practical arrangements of the period"),
    _l("occupational safety and the induction to the work"),
    _l("guidance at work by the named workplace instructor"),
)

# At most this many people are offered at once; a search narrows them down.
PEOPLE_SHOWN = 50


@dataclass(frozen=True)
class Missing:
    """A content of the training agreement that is not recorded yet."""

    field: str
    label: str


def missing(terms: Terms) -> list[Missing]:
    """The contents the law asks for that the terms do not record yet."""
    needed = [
        ("workplace_name", _l("the place of work")),
        ("instructor_name", _l("the workplace instructor")),
        ("teacher_name", _l("the responsible teacher")),
        ("hoks_goals", _l("the competence to be acquired")),
        ("working_hours", _l("the working hours")),
        ("assessment", _l("how the competence is assessed")),
    ]
    found = [Missing(name, str(label)) for name, label in needed if not getattr(terms, name)]
    if not terms.units:
        found.insert(3, Missing("units", str(_l("the qualification units"))))
    return found


def people(actor: User, party_id: int | None, search: str = "") -> list[User]:
    """The portal users of a party whom the actor may see, those matching ``search`` first."""
    if party_id is None:
        return []
    query = visible(User, actor).where(User.party_id == party_id)
    words = search.split()
    for word in words[:5]:
        pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(
            sa.or_(User.name.ilike(pattern, escape="\\"), User.title.ilike(pattern, escape="\\"))
        )
    return list(db.session.scalars(query.order_by(User.name).limit(PEOPLE_SHOWN)))


def _contact(user: User) -> str:
    return ", ".join(part for part in (user.phone, user.email) if part)


def _person(
    actor: User,
    terms: Terms,
    role: str,
    party_id: int,
    party_name: str,
    current: Terms | None,
) -> None:
    chosen: int | None = getattr(terms, f"{role}_id")
    typed: str = getattr(terms, f"{role}_name").strip()
    if chosen is None:
        setattr(terms, f"{role}_name", typed)
        return
    if current is not None and chosen == getattr(current, f"{role}_id"):
        # Kept as agreed, even if the actor may not see that person (the other party's staff).
        setattr(terms, f"{role}_name", getattr(current, f"{role}_name"))
        if not getattr(terms, f"{role}_contact").strip():
            setattr(terms, f"{role}_contact", getattr(current, f"{role}_contact"))
        return
    person = db.session.scalar(
        visible(User, actor).where(User.id == chosen, User.party_id == party_id)
    )
    if person is None:
        raise DomainError(
            _l("Choose a person of %(party)s, or type the name.", party=party_name),
            field=role,
        )
    if typed and typed != person.name:
        raise DomainError(
            _l("Choose a person from the list or type a name, not both."),
            field=f"{role}_name",
        )
    setattr(terms, f"{role}_name", person.name)
    if not getattr(terms, f"{role}_contact").strip():
        setattr(terms, f"{role}_contact", _contact(person))


def settle_people(
    actor: User,
    placement: Placement | None,
    terms: Terms,
    workshop_id: int,
    provider_id: int,
    *,
    current: Terms | None = None,
) -> None:
    """Check the people chosen for the training agreement and write down their names.

    A chosen person must be one of the right party whom the actor may see, or the one
    already named in the ``current`` terms (by default the placement's).
    """
    if current is None and placement is not None:
        current = Terms.of(placement)
    for role, party_id in (("instructor", workshop_id), ("teacher", provider_id)):
        party = db.session.get(Party, party_id)
        _person(actor, terms, role, party_id, party.name if party else "", current)


def place_of_work(placement: Placement, terms: Terms) -> Terms:
    """Fill an empty place of work from the workshop's unit chosen for the period."""
    unit: Unit | None = placement.workshop_unit
    if placement.direction != Direction.TO_WORKSHOP or unit is None or terms.workplace_name:
        return terms
    terms.workplace_name = f"{placement.workshop.name}, {unit.name}"
    if not terms.workplace_address:
        terms.workplace_address = ", ".join(p for p in (unit.address, unit.locality) if p)
    return terms
