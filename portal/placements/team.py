"""The team of a placement and the young person's consent (DESIGN §2.7).

Every function takes the acting user, checks that they may keep the team
(``policy.may_keep_team``), changes rows and only flushes; the view commits once. The people
added are told; the young person's name is never in what they are told, only the reference.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from flask import url_for
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from portal.auth.models import User
from portal.core.dates import today
from portal.core.errors import DomainError, NotPermitted
from portal.core.models import utcnow
from portal.extensions import db
from portal.notifications import kinds
from portal.notifications.service import notify
from portal.parties.models import Party, PartyKind
from portal.placements import agreements, steps
from portal.placements.extension_points import consent_documents
from portal.placements.labels import ACTION_LABELS, TEAM_ROLE_LABELS
from portal.placements.models import Placement, StepKind
from portal.placements.policy import actions_for, may_keep_team
from portal.placements.team_models import Consent, ConsentManner, TeamMember, TeamRole
from portal.placements.workflow import FINAL, Action

ADDED_TO_TEAM = kinds.register(
    "placement.team_added",
    _l("%(name)s has added you to the team of placement %(reference)s."),
    label=_l("You were added to the team of a placement"),
)

# How many people a search offers at a time.
PEOPLE_SHOWN = 20
# The actions that wait for someone on the team (the rest are not "to do").
WAITING_ACTIONS = (Action.SUBMIT, Action.ACCEPT, Action.SIGN, Action.START, Action.COMPLETE)


def _check_keeper(actor: User, placement: Placement, *, changing_team: bool = True) -> None:
    if not may_keep_team(actor, placement):
        raise NotPermitted(_l("Only the coordinators and the team of the placement may do this."))
    if changing_team and placement.status in FINAL:
        raise DomainError(_l("The team of a finished placement no longer changes."))


def valid_consents(placement: Placement, on: date | None = None) -> list[Consent]:
    return [c for c in placement.consents if c.is_valid(on)]


def consent_for(placement: Placement, party_id: int) -> Consent | None:
    """The valid consent that lets a third party's people on the team, if any."""
    return next((c for c in reversed(placement.consents) if c.covers(party_id)), None)


def team_parties(placement: Placement) -> list[Party]:
    """The parties whose people may be put on the team now: the two, and the third parties
    that a valid consent covers."""
    parties = [placement.sender, placement.receiver]
    for consent in valid_consents(placement):
        parties.extend(p for p in consent.parties if p not in parties)
    return parties


def consent_parties(placement: Placement) -> list[Party]:
    """The parties a consent may name: the two and every other active party (not a
    supporting organisation)."""
    others = db.session.scalars(
        sa.select(Party)
        .where(
            Party.kind != PartyKind.SUPPORTING,
            Party.id.not_in([placement.sender_party_id, placement.receiver_party_id]),
        )
        .order_by(Party.name)
    )
    return [placement.sender, placement.receiver, *(p for p in others if p.is_active)]


def candidates(placement: Placement, party_id: int | None, search: str = "") -> list[User]:
    """Active people of one of the team's parties, those matching ``search``, not yet on it."""
    if party_id is None or party_id not in {p.id for p in team_parties(placement)}:
        return []
    on_team = [m.user_id for m in placement.team]
    query = sa.select(User).where(
        User.party_id == party_id, User.active.is_(True), User.id.not_in(on_team)
    )
    for word in search.split()[:5]:
        pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(
            sa.or_(User.name.ilike(pattern, escape="\\"), User.title.ilike(pattern, escape="\\"))
        )
    return list(db.session.scalars(query.order_by(User.name).limit(PEOPLE_SHOWN)))


def join_as_creator(actor: User, placement: Placement) -> TeamMember:
    """The person who drafts a request is on its team from the start, so they keep seeing it."""
    workshop = actor.party is not None and actor.party.kind == PartyKind.WORKSHOP
    assert actor.party_id is not None
    member = TeamMember(
        placement=placement,
        user_id=actor.id,
        party_id=actor.party_id,
        role=TeamRole.JOB_COACH if workshop else TeamRole.STUDY_COUNSELLOR,
        added_by_id=actor.id,
    )
    db.session.add(member)
    return member


def add_member(
    actor: User, placement: Placement, person_id: int, role: TeamRole, *, tell: bool = True
) -> TeamMember:
    """Put a person on the team. ``tell=False`` when the caller tells them in its own words
    (a hand-over's receiver is asked to confirm it), so that they are not told twice."""
    _check_keeper(actor, placement)
    person = db.session.get(User, person_id)
    if person is None or not person.active or person.party_id is None:
        raise DomainError(_l("Choose a person."), field="person")
    if any(m.user_id == person.id for m in placement.team):
        raise DomainError(_l("%(name)s is already on the team.", name=person.name), field="person")
    consent = None
    if person.party_id == placement.receiver_party_id and placement.submitted_at is None:
        raise DomainError(
            _l("The receiving party's people join the team once the request has been submitted."),
            field="person",
        )
    if not placement.involves(person.party_id):
        consent = consent_for(placement, person.party_id)
        if consent is None:
            raise DomainError(
                _l(
                    "Without the young person's valid consent that names %(party)s, its people "
                    "cannot be on the team. Record the consent first.",
                    party=person.party.name if person.party else "",
                ),
                field="person",
            )
    member = TeamMember(
        placement=placement,
        user_id=person.id,
        party_id=person.party_id,
        role=role,
        consent=consent,
        added_by_id=actor.id,
    )
    db.session.add(member)
    db.session.flush()
    steps.record_step(
        placement,
        actor,
        StepKind.TEAM_MEMBER_ADDED,
        comment=f"{person.name} – {TEAM_ROLE_LABELS[role]}",
    )
    if tell and person.id != actor.id:
        notify(
            [person],
            ADDED_TO_TEAM,
            link=url_for("placements.detail", placement_id=placement.id),
            name=actor.name,
            reference=placement.reference,
        )
    return member


def remove_member(actor: User, placement: Placement, member_id: int) -> None:
    _check_keeper(actor, placement)
    member = next((m for m in placement.team if m.id == member_id), None)
    if member is None:
        raise DomainError(_l("That person is not on the team."))
    steps.record_step(
        placement,
        actor,
        StepKind.TEAM_MEMBER_REMOVED,
        comment=f"{member.user.name} – {TEAM_ROLE_LABELS[member.role]}",
    )
    placement.team.remove(member)
    db.session.flush()


@dataclass
class ConsentDetails:
    information: str
    purpose: str
    given_on: date
    valid_until: date
    manner: ConsentManner
    party_ids: list[int] = field(default_factory=list)
    document_id: int | None = None
    noted_by: str = ""


def record_consent(actor: User, placement: Placement, details: ConsentDetails) -> Consent:
    _check_keeper(actor, placement)
    if details.given_on > today():
        raise DomainError(_l("The consent cannot be given in the future."), field="given_on")
    if details.valid_until < details.given_on:
        raise DomainError(
            _l("The consent must be valid at least on the day it was given."), field="valid_until"
        )
    offered = {p.id: p for p in consent_parties(placement)}
    if not details.party_ids or any(i not in offered for i in details.party_ids):
        raise DomainError(_l("Choose the parties the consent names."), field="parties")
    if details.manner == ConsentManner.PAPER:
        documents = dict(consent_documents().documents(actor, placement))
        if details.document_id not in documents:
            raise DomainError(
                _l(
                    "Choose the scanned consent among the placement's documents. Share the "
                    "scan as a document of the placement first."
                ),
                field="document",
            )
    elif not details.noted_by.strip():
        raise DomainError(_l("Write who heard the consent."), field="noted_by")
    consent = Consent(
        placement=placement,
        information=details.information.strip(),
        purpose=details.purpose.strip(),
        given_on=details.given_on,
        valid_until=details.valid_until,
        manner=details.manner,
        document_id=details.document_id if details.manner == ConsentManner.PAPER else None,
        noted_by=details.noted_by.strip() if details.manner == ConsentManner.ORAL else "",
        recorded_by_id=actor.id,
        parties=[offered[i] for i in details.party_ids],
    )
    db.session.add(consent)
    db.session.flush()
    steps.record_step(
        placement,
        actor,
        StepKind.CONSENT_RECORDED,
        comment=", ".join(p.name for p in consent.parties),
    )
    return consent


def withdraw_consent(actor: User, placement: Placement, consent_id: int, reason: str) -> None:
    """The consent ends now; the third party's people it let on the team leave it at once,
    unless another valid consent names their party."""
    _check_keeper(actor, placement, changing_team=False)
    consent = next((c for c in placement.consents if c.id == consent_id), None)
    if consent is None or consent.withdrawn_at is not None:
        raise DomainError(_l("The consent has already been withdrawn."))
    if not reason.strip():
        raise DomainError(_l("Write why the consent was withdrawn."), field="reason")
    consent.withdrawn_at = utcnow()
    consent.withdrawn_by_name = actor.name
    consent.withdrawal_reason = reason.strip()
    removed = []
    for member in [m for m in placement.team if m.consent_id == consent.id]:
        other = consent_for(placement, member.party_id)
        if other is not None:
            member.consent = other
        else:
            removed.append(member.user.name)
            placement.team.remove(member)
    db.session.flush()
    comment = reason.strip()
    if removed:
        comment += "\n" + str(_l("Left the team: %(names)s", names=", ".join(removed)))
    steps.record_step(placement, actor, StepKind.CONSENT_WITHDRAWN, comment=comment)


def waiting_for(user: User, placement: Placement) -> list[LazyString]:
    """What the placement waits for from the user: the consent first, then their steps."""
    waiting: list[LazyString] = []
    if placement.status not in FINAL and not valid_consents(placement):
        waiting.append(_l("Record the young person's consent"))
    possible = actions_for(user, placement)
    if Action.SIGN in possible and not agreements.can_sign(user, placement):
        possible.discard(Action.SIGN)
    waiting.extend(ACTION_LABELS[a] for a in WAITING_ACTIONS if a in possible)
    return waiting
