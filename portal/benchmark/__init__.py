"""Benchmarks: ``flask --app portal bench-seed`` fills a database to national scale, and in
bench mode (``PORTAL_BENCH=1``) every response says how many SQL statements it ran.

The package sits above every feature: it writes their tables directly, in bulk.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scale:
    """How much of everything: the national figures of issue 14 times a factor."""

    name: str
    parties: int
    people: int
    placements: int
    quotas: int
    documents: int
    access_log: int
    events: int
    notifications: int
    audit: int
    # Documents that get a real encrypted file each; the others' bytes count as purged.
    files: int


NATIONAL = Scale(
    name="national",
    parties=400,
    people=5000,
    placements=125_000,
    quotas=2000,
    documents=200_000,
    access_log=1_000_000,
    events=20_000,
    notifications=400_000,
    audit=500_000,
    files=4000,
)


def fraction(of: Scale, name: str, factor: float, least: int = 1) -> Scale:
    def part(value: int) -> int:
        return max(least, round(value * factor))

    return Scale(
        name=name,
        parties=max(12, part(of.parties)),
        people=max(60, part(of.people)),
        placements=part(of.placements),
        quotas=part(of.quotas),
        documents=part(of.documents),
        access_log=part(of.access_log),
        events=part(of.events),
        notifications=part(of.notifications),
        audit=part(of.audit),
        files=max(3, part(of.files)),
    )


SCALES: dict[str, Scale | None] = {
    "demo": None,
    "tenth": fraction(NATIONAL, "tenth", 0.1),
    "national": NATIONAL,
    # For the test suite: every kind of row, a few hundred of the most numerous.
    "test": fraction(NATIONAL, "test", 0.002),
}
