"""The words of placements as code: directions, states, support levels, next steps, steps."""

from __future__ import annotations

import enum


class Direction(enum.StrEnum):
    # A workshop asks an education provider for a study place for a trainee.
    TO_STUDIES = "to_studies"
    # An education provider commissions a workshop period for a student.
    TO_WORKSHOP = "to_workshop"


class PlacementStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    AGREED = "agreed"
    ONGOING = "ongoing"
    COMPLETED = "completed"
    INTERRUPTED = "interrupted"
    CANCELLED = "cancelled"


class SupportLevel(enum.StrEnum):
    BASIC = "basic"
    INTERMEDIATE = "intermediate"
    DEMANDING = "demanding"


class NextStep(enum.StrEnum):
    """Where the individual went after the placement: the partners' outcome figures."""

    STUDIES = "studies"
    WORK = "work"
    WORKSHOP = "workshop"
    OTHER = "other"
    UNKNOWN = "unknown"


class StepKind(enum.StrEnum):
    """What happened in one entry of a placement's timeline."""

    CREATED = "created"
    EDITED = "edited"
    SUBMITTED = "submitted"
    CANCELLED = "cancelled"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    SIGNED = "signed"
    AGREED = "agreed"
    AMENDED = "amended"
    STARTED = "started"
    COMPLETED = "completed"
    INTERRUPTED = "interrupted"
    DEMONSTRATION_ADDED = "demonstration_added"
    DEMONSTRATION_REMOVED = "demonstration_removed"
