"""What every part of the bench data set refers to: the parties by kind and how busy each
is, their units and their people."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa

from portal.benchmark.bulk import Writer

# The demo parties the bench makes the busiest of their kind, so that a demo coordinator
# signs in to a large workshop (Parik-säätiö) or education provider (Luovi).
BUSIEST = ("0914726-0", "2049381-8")


@dataclass
class World:
    writer: Writer
    # Reproducible, not secret: the same scale gives the same data set.
    rng: random.Random
    today: date
    workshops: list[int] = field(default_factory=list)
    providers: list[int] = field(default_factory=list)
    # Parties of every kind that take part (not withdrawn).
    active: list[int] = field(default_factory=list)
    weight: dict[int, float] = field(default_factory=dict)
    users_of: dict[int, list[int]] = field(default_factory=dict)
    party_of: dict[int, int] = field(default_factory=dict)
    coordinators_of: dict[int, list[int]] = field(default_factory=dict)
    fields_of: dict[int, list[int]] = field(default_factory=dict)
    # Placements as (id, sender, receiver) for documents and quota places to refer to.
    placements: list[tuple[int, int, int]] = field(default_factory=list)

    def at(self, day: date, hour: int = 9) -> datetime:
        return datetime.combine(day, time(hour), tzinfo=UTC)

    def pick(self, parties: list[int]) -> int:
        weights = [self.weight.get(p, 1.0) for p in parties]
        return self.rng.choices(parties, weights)[0]

    def picks(self, parties: list[int], k: int) -> list[int]:
        weights = [self.weight.get(p, 1.0) for p in parties]
        return self.rng.choices(parties, weights, k=k)

    def user_in(self, party: int) -> int:
        return self.rng.choice(self.users_of[party])

    def day_in_last(self, days: int, ahead: int = 0) -> date:
        return self.today - timedelta(days=self.rng.randint(-ahead, days))

    def time_in_last(self, days: int) -> datetime:
        seconds = self.rng.randint(0, days * 86400)
        return datetime.now(UTC) - timedelta(seconds=seconds)


def rows_of(writer: Writer, table: str, *where: Any) -> list[dict[str, Any]]:
    """A table's rows as the ORM's Python values (aware datetimes, enums, dicts)."""
    t = writer.table(table)
    stmt = sa.select(t).where(*where).order_by(*t.primary_key.columns)
    return [dict(row._mapping) for row in writer.connection.execute(stmt)]


def zipf_weights(parties: list[int], exponent: float = 0.6) -> dict[int, float]:
    """A few large parties and a long tail, as the field is."""
    return {party: 1.0 / (rank + 1) ** exponent for rank, party in enumerate(parties)}
