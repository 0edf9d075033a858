"""The assessors of a skills demonstration: who may be named, and settling the one named.

The teacher is a person of the education provider, the working-life representative one of
the workshop: a portal user of that party whom the actor may name, or a typed name for an
external assessor. Offered are the party's people on the placement's team, whom everyone who
sees the placement sees, and those the actor sees anyway (its own party's people, other
parties' coordinators, as in the directory); the search never shows other staff.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from portal.auth.models import User
from portal.core.authz import scope
from portal.core.errors import DomainError
from portal.core.validators import contains_identity_code
from portal.extensions import db
from portal.placements.models import Placement

if TYPE_CHECKING:
    from portal.placements.models import Demonstration

# At most this many people are offered at once; a search narrows them down.
PEOPLE_SHOWN = 50
# The roles of the two assessors, and whose people each is chosen among.
ROLES = ("teacher_assessor", "working_life_assessor")


@dataclass
class Assessor:
    """A person of the party (``user_id``) or, for an external assessor, a typed name."""

    user_id: int | None = None
    name: str = ""


def assessor_party_id(placement: Placement, role: str) -> int:
    """The teacher is the provider's, the working-life representative the workshop's."""
    return placement.provider.id if role == "teacher_assessor" else placement.workshop.id


def _escaped(word: str) -> str:
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _nameable(actor: User, placement: Placement, role: str) -> sa.Select[Any]:
    """The people of the role's party the actor may name: those the actor may see anyway
    (its own party's people, other parties' coordinators) and that party's people on the
    placement's team, whom everyone who sees the placement sees."""
    party_id = assessor_party_id(placement, role)
    on_team = [m.user_id for m in placement.team if m.party_id == party_id]
    return sa.select(User).where(
        User.party_id == party_id,
        User.active.is_(True),
        sa.or_(scope(User, actor), User.id.in_(on_team)),
    )


def candidates(actor: User, placement: Placement, role: str, search: str = "") -> list[User]:
    """The people the actor may name for the role, those matching ``search``."""
    query = _nameable(actor, placement, role)
    for word in search.split()[:5]:
        pattern = _escaped(word)
        query = query.where(
            sa.or_(User.name.ilike(pattern, escape="\\"), User.title.ilike(pattern, escape="\\"))
        )
    return list(db.session.scalars(query.order_by(User.name, User.id).limit(PEOPLE_SHOWN)))


def settle(
    actor: User,
    placement: Placement,
    role: str,
    assessor: Assessor,
    current: Demonstration | None,
) -> tuple[int | None, str]:
    """The id and the name to keep for one assessor, or a refusal beside its field."""
    typed = assessor.name.strip()
    if contains_identity_code(typed):
        raise DomainError(
            _l("Do not enter a personal identity code. Use a pseudonymous reference instead."),
            field=f"{role}_name",
        )
    if assessor.user_id is None:
        return None, typed
    if current is not None and assessor.user_id == getattr(current, f"{role}_id"):
        # Kept as chosen, even if the actor may not choose that person now. Read before
        # anything is applied: the demonstration is the one being changed.
        return assessor.user_id, getattr(current, role)
    person = _one_candidate(actor, placement, role, assessor.user_id)
    if person is None:
        party = placement.provider if role == "teacher_assessor" else placement.workshop
        raise DomainError(
            _l("Choose a person of %(party)s, or type the name.", party=party.name), field=role
        )
    if typed and typed != person.name:
        raise DomainError(
            _l("Choose a person from the list or type a name, not both."), field=f"{role}_name"
        )
    return person.id, person.name


def _one_candidate(actor: User, placement: Placement, role: str, user_id: int) -> User | None:
    """The chosen person among all candidates, not only the first ones offered."""
    return db.session.scalar(_nameable(actor, placement, role).where(User.id == user_id))
