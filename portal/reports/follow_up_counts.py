"""The follow-up report's figures, counted apart from their layout
(:mod:`portal.reports.follow_up_reports` lays them out): of the placements that ended, how
many were in studies or work at the end, and of the follow-ups answered 3 and 6 months
later, how many were — in all, per party, per direction and per year of end.

Every figure counts the placements of :func:`portal.reports.policy.counted_placements`,
narrowed by the filters, that were completed or interrupted. :func:`count` counts the ended
placements read (:func:`ended_placements`), so it is tested with figures counted by hand.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa

from portal.auth.models import User
from portal.extensions import db
from portal.follow_up.enums import Checkpoint
from portal.follow_up.models import FollowUp
from portal.placements.enums import Direction, NextStep, PlacementStatus
from portal.placements.models import Placement
from portal.reports.counting import in_year
from portal.reports.filters import Filters
from portal.reports.policy import counted_placements

SUCCESS = (NextStep.STUDIES, NextStep.WORK)
LATER = (Checkpoint.MONTHS_3, Checkpoint.MONTHS_6)


@dataclass
class Ended:
    """What the report reads of one placement that ended: no reference, no name."""

    direction: Direction
    sender_party_id: int
    receiver_party_id: int
    ended_on: date
    at_end: NextStep | None
    # The answers given 3 and 6 months later.
    later: dict[Checkpoint, NextStep] = field(default_factory=dict)


def ended_placements(user: User, filters: Filters) -> list[Ended]:
    """The counted placements that ended in the chosen year, with their follow-ups' answers:
    one statement."""
    stmt = (
        sa.select(
            Placement.id,
            Placement.direction,
            Placement.sender_party_id,
            Placement.receiver_party_id,
            Placement.ended_on,
            Placement.next_step,
            FollowUp.checkpoint,
            FollowUp.situation,
        )
        .outerjoin(
            FollowUp,
            sa.and_(
                FollowUp.placement_id == Placement.id,
                FollowUp.checkpoint.in_(LATER),
                FollowUp.answered_at.is_not(None),
            ),
        )
        .where(
            counted_placements(user),
            filters.involving_party(),
            filters.of_direction(),
            Placement.status.in_([PlacementStatus.COMPLETED, PlacementStatus.INTERRUPTED]),
            Placement.ended_on.is_not(None),
            in_year(Placement.ended_on, filters.year),
        )
        .order_by(Placement.id)
    )
    found: dict[int, Ended] = {}
    for (
        pid,
        direction,
        sender,
        receiver,
        ended_on,
        at_end,
        checkpoint,
        situation,
    ) in db.session.execute(stmt):
        assert ended_on is not None  # the WHERE says so
        row = found.setdefault(pid, Ended(direction, sender, receiver, ended_on, at_end))
        if checkpoint is not None and situation is not None:
            row.later[checkpoint] = situation
    return list(found.values())


@dataclass(frozen=True)
class Shares:
    ended: int
    in_studies_or_work: int
    # Per later checkpoint: answered, and of them in studies or work.
    answered: dict[Checkpoint, int]
    succeeded: dict[Checkpoint, int]


def shares(found: list[Ended]) -> Shares:
    answered: dict[Checkpoint, int] = defaultdict(int)
    succeeded: dict[Checkpoint, int] = defaultdict(int)
    for p in found:
        for checkpoint, situation in p.later.items():
            answered[checkpoint] += 1
            succeeded[checkpoint] += situation in SUCCESS
    return Shares(
        len(found), sum(p.at_end in SUCCESS for p in found), dict(answered), dict(succeeded)
    )


@dataclass(frozen=True)
class FollowUpCounts:
    total: Shares
    # A placement counts for both of its parties.
    parties: dict[int, Shares]
    # Every direction, also one with nothing ended.
    directions: dict[Direction, Shares]
    # The years of end, in order.
    years: dict[int, Shares]


def count(found: list[Ended]) -> FollowUpCounts:
    parties: dict[int, list[Ended]] = defaultdict(list)
    for p in found:
        parties[p.sender_party_id].append(p)
        parties[p.receiver_party_id].append(p)
    years = sorted({p.ended_on.year for p in found})
    return FollowUpCounts(
        total=shares(found),
        parties={pid: shares(of) for pid, of in parties.items()},
        directions={d: shares([p for p in found if p.direction == d]) for d in Direction},
        years={y: shares([p for p in found if p.ended_on.year == y]) for y in years},
    )


def follow_up_counts(user: User, filters: Filters) -> FollowUpCounts:
    return count(ended_placements(user, filters))
