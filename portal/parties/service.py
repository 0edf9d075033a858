"""Rules of the parties and the agreement (DESIGN §2.1).

* The agreement is in force once every founding party has signed it. A founding party
  that withdrew without signing is no longer waited for.
* A party that joins later is announced at once to the coordinators of every other
  active party (by :mod:`portal.notifications.party_notices`, through
  :data:`extension_points.joined`).
* Withdrawal is recorded with its date and written notice; the party keeps its history
  and finishes what is ongoing, but starts nothing new.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload
from sqlalchemy.sql.elements import ColumnElement

from portal.auth.models import Role, User
from portal.core import audit, dates
from portal.core.errors import DomainError
from portal.core.validators import business_id_is_valid
from portal.extensions import db
from portal.parties.extension_points import joined, unit_saved, withdrew
from portal.parties.models import Agreement, Party, PartyKind, Signature, Unit, UnitKind


@dataclass
class PartyDetails:
    name: str
    kind: PartyKind
    business_id: str
    signatory_name: str = ""
    signatory_title: str = ""
    locality: str = ""
    website: str = ""
    privacy_contact: str = ""
    description: str = ""
    is_founding: bool = False
    joined_on: date | None = None


@dataclass
class AgreementStatus:
    in_force: bool
    in_force_since: date | None
    # Founding parties whose signature is still missing.
    awaiting: list[Party] = field(default_factory=list)


# --- Queries --------------------------------------------------------------------------------


def active_parties(*kinds_: PartyKind) -> list[Party]:
    """Parties that may start new work, optionally only of the given kinds."""
    today = dates.today()
    stmt = sa.select(Party).where(sa.or_(Party.withdrawn_on.is_(None), Party.withdrawn_on > today))
    if kinds_:
        stmt = stmt.where(Party.kind.in_(kinds_))
    return list(db.session.scalars(stmt.order_by(Party.name)))


def coordinators_of(parties: Iterable[Party | int], *, unit_id: int | None = None) -> list[User]:
    """The active coordinators of the parties (given as parties or their ids), by name.

    With ``unit_id``, only those who answer for the whole party or for that unit: a
    coordinator named for another field or site is not asked about this one.
    """
    party_ids = {p if isinstance(p, int) else p.id for p in parties}
    if not party_ids:
        return []
    stmt = sa.select(User).where(
        User.party_id.in_(sorted(party_ids)),
        User.role == Role.COORDINATOR,
        User.active.is_(True),
    )
    if unit_id is not None:
        stmt = stmt.where(sa.or_(User.unit_id.is_(None), User.unit_id == unit_id))
    return list(db.session.scalars(stmt.order_by(User.name, User.id)))


def directory(query: str = "", kind: PartyKind | None = None) -> sa.Select[Any]:
    """Parties matching a search of names, places and people, by name: the directory's rows,
    to be paged (the parties only; see :func:`listed_coordinators` for their people)."""
    stmt = sa.select(Party).order_by(Party.name, Party.id)
    if kind is not None:
        stmt = stmt.where(Party.kind == kind)
    if query:
        pattern = f"%{query.lower()}%"
        unit_match = sa.select(Unit.id).where(
            Unit.party_id == Party.id,
            sa.or_(
                sa.func.lower(Unit.name).like(pattern), sa.func.lower(Unit.locality).like(pattern)
            ),
        )
        person_match = sa.select(User.id).where(
            User.party_id == Party.id,
            User.role == Role.COORDINATOR,
            User.active.is_(True),
            sa.or_(sa.func.lower(User.name).like(pattern), sa.func.lower(User.email).like(pattern)),
        )
        stmt = stmt.where(
            sa.or_(
                sa.func.lower(Party.name).like(pattern),
                Party.business_id.like(pattern),
                sa.func.lower(Party.locality).like(pattern),
                unit_match.exists(),
                person_match.exists(),
            )
        )
    return stmt


def listed_coordinators(parties: Iterable[Party]) -> dict[int, list[User]]:
    """The active coordinators of the listed parties, with their units, by party: the
    directory's contact people, read for one page of parties and never their staff."""
    party_ids = sorted({p.id for p in parties})
    if not party_ids:
        return {}
    stmt = (
        sa.select(User)
        .where(User.party_id.in_(party_ids), User.role == Role.COORDINATOR, User.active.is_(True))
        .options(joinedload(User.unit))
        .order_by(User.name, User.id)
    )
    found: dict[int, list[User]] = {}
    for person in db.session.scalars(stmt):
        found.setdefault(person.party_id or 0, []).append(person)
    return found


def current_agreement() -> Agreement | None:
    # Its signatures come with it: whoever shows the agreement shows whether it is in force.
    stmt = sa.select(Agreement).options(joinedload(Agreement.signatures)).order_by(Agreement.id)
    return db.session.scalars(stmt.limit(1)).unique().first()


def _founders() -> ColumnElement[bool]:
    """The founding parties, whose signatures put the agreement in force."""
    return sa.and_(Party.is_founding.is_(True), Party.kind != PartyKind.SUPPORTING)


def current_agreement_and_status() -> tuple[Agreement | None, AgreementStatus]:
    """The agreement and whether it is in force, read in one statement: the agreement with
    its signatures, beside each founding party."""
    first = sa.select(sa.func.min(Agreement.id)).scalar_subquery()
    stmt = (
        sa.select(Agreement, Party)
        .outerjoin(Party, _founders())
        .where(Agreement.id == first)
        .options(joinedload(Agreement.signatures))
    )
    rows = db.session.execute(stmt).unique().all()
    if not rows:
        return None, agreement_status(None)
    agreement = rows[0][0]
    founders = [party for _agreement, party in rows if party is not None]
    return agreement, agreement_status(agreement, founders)


def agreement_status(
    agreement: Agreement | None, founders: list[Party] | None = None
) -> AgreementStatus:
    """In force once every founding party (``founders``, read here unless given) that has not
    withdrawn has signed it."""
    if agreement is None:
        return AgreementStatus(in_force=False, in_force_since=None)
    signed = {s.party_id: s for s in agreement.signatures}
    if founders is None:
        founders = list(db.session.scalars(sa.select(Party).where(_founders())))
    required = [p for p in founders if p.id in signed or not p.is_withdrawn()]
    awaiting = sorted((p for p in required if p.id not in signed), key=lambda p: p.name)
    if not required or awaiting:
        return AgreementStatus(in_force=False, in_force_since=None, awaiting=awaiting)
    return AgreementStatus(
        in_force=True, in_force_since=max(signed[p.id].signed_on for p in required)
    )


# --- Changes --------------------------------------------------------------------------------


def _check_party(details: PartyDetails, existing: Party | None = None) -> None:
    if not business_id_is_valid(details.business_id):
        raise DomainError(_l("Enter a valid business ID."), field="business_id")
    same_name = db.session.scalar(
        sa.select(Party).where(sa.func.lower(Party.name) == details.name.lower())
    )
    if same_name is not None and same_name is not existing:
        raise DomainError(_l("A party with this name already exists."), field="name")
    same_id = db.session.scalar(sa.select(Party).where(Party.business_id == details.business_id))
    if same_id is not None and same_id is not existing:
        raise DomainError(_l("A party with this business ID already exists."), field="business_id")


def _apply(party: Party, details: PartyDetails) -> None:
    party.name = details.name
    party.kind = details.kind
    party.business_id = details.business_id
    party.signatory_name = details.signatory_name
    party.signatory_title = details.signatory_title
    party.locality = details.locality
    party.website = details.website
    party.privacy_contact = details.privacy_contact
    party.description = details.description
    party.is_founding = details.is_founding
    party.joined_on = details.joined_on


def create_party(actor: User, details: PartyDetails) -> Party:
    """Add a party; one that joins after the founding is announced to the others at once."""
    _check_party(details)
    party = Party()
    _apply(party, details)
    if not party.is_founding and party.joined_on is None:
        party.joined_on = dates.today()
    db.session.add(party)
    db.session.flush()
    audit.record("party.create", actor=actor, target=party, name=party.name)
    if party.is_party and not party.is_founding:
        others = [p for p in active_parties() if p.id != party.id and p.is_party]
        joined(party, others)
    return party


def update_party(actor: User, party: Party, details: PartyDetails) -> None:
    _check_party(details, existing=party)
    if details.kind != party.kind and party.signatures and details.kind == PartyKind.SUPPORTING:
        raise DomainError(
            _l("A party that has signed the agreement cannot become a supporting organisation."),
            field="kind",
        )
    _apply(party, details)
    audit.record("party.update", actor=actor, target=party)


def save_unit(
    actor: User,
    party: Party,
    unit: Unit | None,
    *,
    kind: UnitKind,
    name: str,
    locality: str = "",
    address: str = "",
) -> Unit:
    clash = db.session.scalar(
        sa.select(Unit).where(Unit.party_id == party.id, sa.func.lower(Unit.name) == name.lower())
    )
    if clash is not None and clash is not unit:
        raise DomainError(_l("The party already has a unit with this name."), field="name")
    if unit is None:
        unit = Unit(party=party)
        db.session.add(unit)
    unit.kind = kind
    unit.name = name
    unit.locality = locality
    unit.address = address
    db.session.flush()
    unit_saved(unit)
    audit.record("unit.save", actor=actor, target=unit, party=party.name)
    return unit


def save_agreement(actor: User, title: str, summary: str) -> Agreement:
    agreement = current_agreement()
    if agreement is None:
        agreement = Agreement(title=title, summary=summary)
        db.session.add(agreement)
    agreement.title = title
    agreement.summary = summary
    db.session.flush()
    audit.record("agreement.save", actor=actor, target=agreement)
    return agreement


def record_signature(
    actor: User,
    party: Party,
    *,
    signer_name: str,
    signer_title: str,
    place: str,
    signed_on: date,
) -> Signature:
    """Record the signature written on the party's signed copy of the agreement."""
    agreement = current_agreement()
    if agreement is None:
        raise DomainError(_l("Describe the agreement before recording signatures."))
    if not party.is_party:
        raise DomainError(
            _l("A supporting organisation is not a party and does not sign the agreement.")
        )
    if any(s.agreement_id == agreement.id for s in party.signatures):
        raise DomainError(_l("The party's signature has already been recorded."))
    if signed_on > dates.today():
        raise DomainError(_l("The date of signing cannot be in the future."), field="signed_on")
    signature = Signature(
        agreement=agreement,
        party=party,
        signer_name=signer_name,
        signer_title=signer_title,
        place=place,
        signed_on=signed_on,
        recorded_by_id=actor.id,
    )
    db.session.add(signature)
    db.session.flush()
    audit.record(
        "agreement.sign", actor=actor, target=party, signer=signer_name, date=signed_on.isoformat()
    )
    return signature


def withdraw(actor: User, party: Party, *, on: date, notice: str) -> None:
    """Record a written withdrawal. The party's history stays; its coordinators keep access."""
    if party.withdrawn_on is not None:
        raise DomainError(_l("The party's withdrawal has already been recorded."))
    if not notice.strip():
        raise DomainError(_l("Describe the written notice of withdrawal."), field="notice")
    party.withdrawn_on = on
    party.withdrawal_notice = notice
    audit.record("party.withdraw", actor=actor, target=party, date=on.isoformat())
    others = [p for p in active_parties() if p.id != party.id and p.is_party]
    withdrew(party, others)
