"""What a party holds about one young person, gathered for a subject-access export.

Only the coordinator's own party's placements are searched, through the placements' scope
narrowed to the placements the party is one of the two parties of (a placement seen as a
third party is that party's to answer for, not ours).

What the party may give out, and what it names as the other party's to give:

* The placement, its agreement versions (the terms both parties signed), its consents, its
  timeline and its follow-ups are kept by both parties together: both give them out, whole.
  A timeline step's comment is given only when one of our own people wrote it.
* Comments, documents and the access log are each written by one party: ours are given out
  whole, the other party's are listed by count and dates, with "ask <party>" — their
  content is theirs to disclose (it may hold another person's data or a secret mark).
* Daily records are kept by the workshop: given out by the workshop, named as the
  workshop's by the provider.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from portal.auth.models import User
from portal.core.authz import scope
from portal.core.dates import HELSINKI
from portal.daily_records.models import DailyRecord
from portal.document_links.models import DocumentLink
from portal.documents.models import Document
from portal.extensions import db
from portal.follow_up.models import FollowUp
from portal.parties.models import Party
from portal.placements.access_models import PlacementAccess
from portal.placements.models import (
    Consent,
    Placement,
    PlacementAgreement,
    PlacementComment,
    PlacementStep,
)

# A search term shorter than this would find nearly everyone.
MIN_TERM = 2


def own_placements(user: User) -> sa.Select[Any]:
    """The coordinator's own party's placements, through the placements' scope."""
    return sa.select(Placement).where(
        scope(Placement, user),
        sa.or_(
            Placement.sender_party_id == user.party_id,
            Placement.receiver_party_id == user.party_id,
        ),
    )


def search(user: User, term: str) -> sa.Select[Any]:
    """By reference or name (any part), or by initials (exactly), newest first."""
    pattern = f"%{term.strip().lower()}%"
    return (
        own_placements(user)
        .where(
            sa.or_(
                sa.func.lower(Placement.reference).like(pattern),
                sa.func.lower(Placement.full_name).like(pattern),
                sa.func.lower(Placement.initials) == term.strip().lower(),
            )
        )
        .order_by(Placement.start_on.desc(), Placement.id.desc())
    )


def chosen(user: User, ids: list[int]) -> list[Placement]:
    """The placements asked for, those of them the user may answer for; others are left out."""
    if not ids:
        return []
    return list(
        db.session.scalars(
            own_placements(user)
            .where(Placement.id.in_(ids))
            .options(
                selectinload(Placement.agreements),
                selectinload(Placement.comments),
                selectinload(Placement.steps),
                selectinload(Placement.consents),
                selectinload(Placement.sender),
                selectinload(Placement.receiver),
            )
            .order_by(Placement.start_on, Placement.id)
        )
    )


def plain(value: Any) -> Any:
    """A value as JSON keeps it: dates as ISO text, sums as text, enums as their value."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def _theirs(party: Party, items: Sequence[date]) -> dict[str, Any]:
    return {
        "party": party.name,
        "count": len(items),
        "dates": sorted({(i.date() if isinstance(i, datetime) else i).isoformat() for i in items}),
    }


PLACEMENT_FIELDS = (
    "reference",
    "initials",
    "full_name",
    "direction",
    "status",
    "start_on",
    "end_on",
    "started_on",
    "ended_on",
    "field_name",
    "qualification_name",
    "hoks_goals",
    "livelihood_note",
    "workplace_name",
    "instructor_name",
    "teacher_name",
    "interruption_reason",
    "decline_reason",
    "next_step",
    "outcome_note",
)


def export(user: User, placements: list[Placement]) -> dict[str, Any]:
    """Everything the user's party gives out about these placements' young person."""
    ids = [p.id for p in placements]
    records = _by_placement(
        sa.select(DailyRecord).where(DailyRecord.placement_id.in_(ids)).order_by(DailyRecord.day)
    )
    follow_ups = _by_placement(
        sa.select(FollowUp).where(FollowUp.placement_id.in_(ids)).order_by(FollowUp.due_on)
    )
    views = _by_placement(
        sa.select(PlacementAccess)
        .where(PlacementAccess.placement_id.in_(ids))
        .options(selectinload(PlacementAccess.user))
        .order_by(PlacementAccess.at)
    )
    documents: dict[int | None, list[Document]] = defaultdict(list)
    for placement_id, document in db.session.execute(
        sa.select(DocumentLink.placement_id, Document)
        .join(Document, Document.id == DocumentLink.document_id)
        .where(DocumentLink.placement_id.in_(ids), Document.deleted_at.is_(None))
        .options(selectinload(Document.versions), selectinload(Document.owner))
        .order_by(Document.created_at)
    ):
        documents[placement_id].append(document)
    return {
        "party": user.party.name if user.party else "",
        "made_at": plain(datetime.now(HELSINKI)),
        "placements": [
            _placement(
                user.party_id,
                p,
                records[p.id],
                follow_ups[p.id],
                views[p.id],
                documents[p.id],
            )
            for p in placements
        ],
    }


def _by_placement(stmt: sa.Select[Any]) -> dict[int, list[Any]]:
    found: dict[int, list[Any]] = defaultdict(list)
    for row in db.session.scalars(stmt):
        found[row.placement_id].append(row)
    return found


def _placement(
    party_id: int | None,
    p: Placement,
    records: list[DailyRecord],
    follow_ups: list[FollowUp],
    views: list[PlacementAccess],
    documents: list[Document],
) -> dict[str, Any]:
    """One placement's part: what both parties keep whole, then what is ours, then theirs."""
    ours_records = p.workshop.id == party_id
    return {
        "placement": _details(p),
        "agreements": [_agreement(a) for a in p.agreements],
        "timeline": [_step(s, party_id) for s in p.steps],
        "consents": [_consent(c) for c in p.consents],
        "follow_ups": [_follow_up(f) for f in follow_ups],
        "daily_records": [_daily_record(r) for r in records] if ours_records else [],
        "comments": [_comment(c) for c in p.comments if c.party_id == party_id],
        "documents": [_document(d) for d in documents if d.owner_party_id == party_id],
        "viewed_by": [_view(v) for v in views if v.party_id == party_id],
        # What the other party holds and gives out itself: counted and dated, not shown.
        "ask_the_other_party": _held_by_other(
            party_id, p, None if ours_records else records, views, documents
        ),
    }


def _details(p: Placement) -> dict[str, Any]:
    return {f: plain(getattr(p, f)) for f in PLACEMENT_FIELDS} | {
        "sender": p.sender.name,
        "receiver": p.receiver.name,
    }


def _agreement(a: PlacementAgreement) -> dict[str, Any]:
    return {
        "version": a.number,
        "made_at": plain(a.created_at),
        "reason": a.reason,
        "terms": plain(a.terms),
    }


def _step(s: PlacementStep, party_id: int | None) -> dict[str, Any]:
    """A timeline step; its comment only when one of our own people wrote it."""
    return {
        "at": plain(s.at),
        "kind": plain(s.kind),
        "to_status": plain(s.to_status),
        "by": s.actor_name,
        "comment": s.comment if s.party_id == party_id else "",
    }


def _consent(c: Consent) -> dict[str, Any]:
    return {
        "information": c.information,
        "purpose": c.purpose,
        "given_on": plain(c.given_on),
        "valid_until": plain(c.valid_until),
        "manner": plain(c.manner),
        "withdrawn_at": plain(c.withdrawn_at),
    }


def _follow_up(f: FollowUp) -> dict[str, Any]:
    return {
        "checkpoint": plain(f.checkpoint),
        "due_on": plain(f.due_on),
        "situation": plain(f.situation),
        "qualification": f.qualification,
        "answered_at": plain(f.answered_at),
    }


def _daily_record(r: DailyRecord) -> dict[str, Any]:
    return {
        "day": plain(r.day),
        "revision": r.revision,
        "presence": plain(r.presence),
        "hours": plain(r.hours),
        "note": r.note,
        "correction_reason": r.correction_reason,
    }


def _comment(c: PlacementComment) -> dict[str, Any]:
    return {"at": plain(c.created_at), "by": c.author_name, "body": c.body}


def _document(d: Document) -> dict[str, Any]:
    return {
        "title": d.title,
        "mark": plain(d.classification),
        "added_at": plain(d.created_at),
        "files": [v.filename for v in d.versions],
    }


def _view(v: PlacementAccess) -> dict[str, Any]:
    return {"at": plain(v.at), "by": v.user.name if v.user else "", "view": v.view}


def _held_by_other(
    party_id: int | None,
    p: Placement,
    their_records: list[DailyRecord] | None,
    views: list[PlacementAccess],
    documents: list[Document],
) -> dict[str, Any]:
    """The other party's comments, documents, views and (if the workshop's) daily records."""
    other = p.other_party(party_id)
    return {
        "comments": _theirs(other, [c.created_at for c in p.comments if c.party_id != party_id]),
        "documents": _theirs(
            other, [d.created_at for d in documents if d.owner_party_id != party_id]
        ),
        "viewed_by": _theirs(other, [v.at for v in views if v.party_id != party_id]),
        "daily_records": (
            _theirs(other, [r.day for r in their_records]) if their_records is not None else None
        ),
    }
