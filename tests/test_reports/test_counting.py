"""Counting placements on its own: a handful written out by hand, their figures counted by hand."""

from __future__ import annotations

from datetime import date

from portal.placements.models import Direction, NextStep, PlacementStatus
from portal.reports.counting import (
    Counted,
    by_direction,
    next_steps,
    outcome,
    outcomes,
    per_party,
    per_workshop,
)

S, D = PlacementStatus, Direction
PARIK, KOTKA, LUOVI, SAKKY = 1, 2, 3, 4


def placement(
    id_: int, direction: Direction, sender: int, receiver: int, next_step: NextStep | None = None
) -> Counted:
    return Counted(
        id_,
        direction,
        S.COMPLETED,
        sender,
        receiver,
        date(2025, 3, 3),
        date(2025, 6, 30),
        next_step,
    )


# Three workshop periods from providers to workshops, one trainee from Parik to studies.
FOUND = [
    placement(1, D.TO_WORKSHOP, LUOVI, PARIK, NextStep.STUDIES),
    placement(2, D.TO_WORKSHOP, LUOVI, PARIK, NextStep.WORK),
    placement(3, D.TO_WORKSHOP, SAKKY, KOTKA, None),
    placement(4, D.TO_STUDIES, PARIK, LUOVI, NextStep.STUDIES),
]


def test_placements_are_counted_by_direction() -> None:
    assert by_direction(FOUND) == (1, 3, 4)
    assert by_direction([]) == (0, 0, 0)


def test_a_placement_counts_for_both_of_its_parties() -> None:
    parties = per_party(FOUND)
    assert {party: [p.id for p in found] for party, found in parties.items()} == {
        PARIK: [1, 2, 4],
        LUOVI: [1, 2, 4],
        SAKKY: [3],
        KOTKA: [3],
    }
    # Four placements, each counted twice.
    assert sum(len(found) for found in parties.values()) == 8


def test_the_workshop_of_a_placement_is_its_receiver_or_its_sender_by_direction() -> None:
    workshops = per_workshop(FOUND)
    assert {party: [p.id for p in found] for party, found in workshops.items()} == {
        PARIK: [1, 2, 4],
        KOTKA: [3],
    }


def test_outcomes_count_studies_and_work_as_success() -> None:
    periods = FOUND[:3]
    figures = outcome(periods)
    assert (figures.periods, figures.studies, figures.work, figures.success) == (3, 1, 1, 2)
    steps = next_steps(periods)
    assert steps[NextStep.STUDIES] == 1 and steps[NextStep.WORK] == 1
    # A next step not recorded is counted as unknown.
    assert steps[NextStep.UNKNOWN] == 1 and sum(steps.values()) == 3


def test_outcomes_count_the_completed_periods_and_only_number_the_interrupted() -> None:
    interrupted = Counted(
        5, D.TO_WORKSHOP, S.INTERRUPTED, LUOVI, PARIK, date(2025, 3, 3), None, None
    )
    counts = outcomes([*FOUND[:3], interrupted])
    # Three completed: one to studies, one to work, one not recorded; one interrupted.
    assert counts.completed == outcome(FOUND[:3])
    assert (counts.completed.periods, counts.completed.success, counts.interrupted) == (3, 2, 1)
    assert counts.next_steps == next_steps(FOUND[:3])
    # Parik's workshop: periods 1 and 2, both successes; Kotka's: period 3, not recorded.
    assert {pid: (o.periods, o.studies, o.work) for pid, o in counts.workshops.items()} == {
        PARIK: (2, 1, 1),
        KOTKA: (1, 0, 0),
    }
    assert outcomes([]).workshops == {} and outcomes([]).completed.periods == 0
