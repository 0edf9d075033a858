"""The words of placements as code: directions, states, support levels, next steps, steps,
team roles and the manners of consent."""

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


class Pricing(enum.StrEnum):
    """How a workshop period is paid for: support days × the daily price, or a service
    package, a fixed sum for a described whole paid in instalments by date."""

    BY_DAY = "by_day"
    PACKAGE = "package"


class PaidAbsence(enum.StrEnum):
    """The kinds of absence an agreement may pay for like a day present. The values are those
    of the daily records' presence (portal.daily_records.models.Presence), which counts them;
    an absence not agreed beforehand is never paid."""

    ILL = "ill"
    AGREED_LEAVE = "agreed_leave"


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
    DEMONSTRATION_CHANGED = "demonstration_changed"
    DEMONSTRATION_RESULT = "demonstration_result"
    TEAM_MEMBER_ADDED = "team_member_added"
    TEAM_MEMBER_REMOVED = "team_member_removed"
    CONSENT_RECORDED = "consent_recorded"
    CONSENT_WITHDRAWN = "consent_withdrawn"
    # The hand-over to the next service (portal.handovers).
    HANDOVER_RECORDED = "handover_recorded"
    HANDOVER_CONFIRMED = "handover_confirmed"
    HANDOVER_CALLED_OFF = "handover_called_off"
    # A workshop period's daily records (portal.daily_records): a month confirmed by the
    # workshop's coordinator, and a day of a confirmed month corrected.
    RECORDS_MONTH_CLOSED = "records_month_closed"
    RECORDS_DAY_CORRECTED = "records_day_corrected"
    # The young person's name or initials corrected at their request (portal.subject_access);
    # the comment keeps the earlier value, shown only to those who may read the name.
    IDENTITY_CORRECTED = "identity_corrected"
    # The education provider recorded a qualification unit completed (the result bonus).
    UNIT_COMPLETED = "unit_completed"
    # A competence certificate issued (portal.certificates), and the provider's record of
    # what it recognised in the HOKS.
    CERTIFICATE_ISSUED = "certificate_issued"
    CERTIFICATE_RECOGNITION = "certificate_recognition"


class TeamRole(enum.StrEnum):
    """What a person does for the young person on a placement's team."""

    JOB_COACH = "job_coach"
    INDIVIDUAL_COACH = "individual_coach"
    TEACHER = "teacher"
    STUDY_COUNSELLOR = "study_counsellor"
    SPECIAL_NEEDS_TEACHER = "special_needs_teacher"
    SOCIAL_WORKER = "social_worker"
    OTHER = "other"


class ConsentManner(enum.StrEnum):
    """How the young person gave their consent."""

    PAPER = "paper"
    ORAL = "oral"


class DemonstrationResult(enum.StrEnum):
    """The assessors' conclusion of a skills demonstration."""

    APPROVED = "approved"
    NOT_YET = "not_yet"
