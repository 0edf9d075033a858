"""The words the interface uses for directions, states, levels, steps, actions, team roles
and the manners of consent."""

from __future__ import annotations

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from portal.placements.access_models import AGREEMENT, EDIT, PAGE
from portal.placements.enums import (
    ConsentManner,
    DemonstrationResult,
    Direction,
    NextStep,
    PlacementStatus,
    StepKind,
    SupportLevel,
    TeamRole,
)
from portal.placements.workflow import Action

DIRECTION_LABELS = {
    Direction.TO_STUDIES: _l("To studies"),
    Direction.TO_WORKSHOP: _l("Workshop period"),
}

DIRECTION_DESCRIPTIONS = {
    Direction.TO_STUDIES: _l("A workshop trainee moves to vocational studies."),
    Direction.TO_WORKSHOP: _l("A student at risk of dropping out spends a period at a workshop."),
}

STATUS_LABELS = {
    PlacementStatus.DRAFT: _l("Draft"),
    PlacementStatus.SUBMITTED: _l("Submitted"),
    PlacementStatus.ACCEPTED: _l("Accepted"),
    PlacementStatus.DECLINED: _l("Declined"),
    PlacementStatus.AGREED: _l("Agreed"),
    PlacementStatus.ONGOING: _l("Ongoing"),
    PlacementStatus.COMPLETED: _l("Completed"),
    PlacementStatus.INTERRUPTED: _l("Interrupted"),
    PlacementStatus.CANCELLED: _l("Cancelled"),
}

SUPPORT_LEVEL_LABELS = {
    SupportLevel.BASIC: _l("Basic"),
    SupportLevel.INTERMEDIATE: _l("Intermediate"),
    SupportLevel.DEMANDING: _l("Demanding"),
}

SUPPORT_LEVEL_HINTS = {
    SupportLevel.BASIC: _l("Job coaching and its daily records."),
    SupportLevel.INTERMEDIATE: _l("Job coaching together with individual coaching."),
    SupportLevel.DEMANDING: _l(
        "In addition, learning difficulties are looked into and a plan for what follows is made."
    ),
}

NEXT_STEP_LABELS = {
    NextStep.STUDIES: _l("Studies"),
    NextStep.WORK: _l("Work"),
    NextStep.WORKSHOP: _l("Workshop"),
    NextStep.OTHER: _l("Other"),
    NextStep.UNKNOWN: _l("Not known"),
}

STEP_LABELS = {
    StepKind.CREATED: _l("Request drafted"),
    StepKind.EDITED: _l("Draft edited"),
    StepKind.SUBMITTED: _l("Request submitted"),
    StepKind.CANCELLED: _l("Request cancelled"),
    StepKind.ACCEPTED: _l("Request accepted"),
    StepKind.DECLINED: _l("Request declined"),
    StepKind.SIGNED: _l("Agreement signed"),
    StepKind.AGREED: _l("Agreed: both parties have signed"),
    StepKind.AMENDED: _l("Amendment proposed"),
    StepKind.STARTED: _l("Started"),
    StepKind.COMPLETED: _l("Completed"),
    StepKind.INTERRUPTED: _l("Interrupted"),
    StepKind.DEMONSTRATION_ADDED: _l("Skills demonstration added"),
    StepKind.DEMONSTRATION_REMOVED: _l("Skills demonstration removed"),
    StepKind.DEMONSTRATION_CHANGED: _l("Skills demonstration changed"),
    StepKind.DEMONSTRATION_RESULT: _l("Result of a skills demonstration recorded"),
    StepKind.TEAM_MEMBER_ADDED: _l("Added to the team"),
    StepKind.TEAM_MEMBER_REMOVED: _l("Removed from the team"),
    StepKind.CONSENT_RECORDED: _l("Consent recorded"),
    StepKind.CONSENT_WITHDRAWN: _l("Consent withdrawn"),
    StepKind.HANDOVER_RECORDED: _l("Hand-over to the next service recorded"),
    StepKind.HANDOVER_CONFIRMED: _l("Hand-over confirmed by the receiver"),
    StepKind.HANDOVER_CALLED_OFF: _l("Hand-over called off"),
    StepKind.RECORDS_MONTH_CLOSED: _l("Month of daily records closed"),
    StepKind.RECORDS_DAY_CORRECTED: _l("Daily record corrected"),
    StepKind.IDENTITY_CORRECTED: _l("Name corrected at the young person's request"),
    StepKind.UNIT_COMPLETED: _l("Qualification unit recorded completed"),
    StepKind.CERTIFICATE_ISSUED: _l("Competence certificate issued"),
    StepKind.CERTIFICATE_RECOGNITION: _l("Recognition of the competence certificate recorded"),
}

DEMONSTRATION_RESULT_LABELS = {
    DemonstrationResult.APPROVED: _l("Approved"),
    DemonstrationResult.NOT_YET: _l("Not yet approved"),
}

TEAM_ROLE_LABELS = {
    TeamRole.JOB_COACH: _l("Job coach"),
    TeamRole.INDIVIDUAL_COACH: _l("Individual coach"),
    TeamRole.TEACHER: _l("Teacher"),
    TeamRole.STUDY_COUNSELLOR: _l("Study counsellor"),
    TeamRole.SPECIAL_NEEDS_TEACHER: _l("Special-needs teacher"),
    TeamRole.SOCIAL_WORKER: _l("Social worker"),
    TeamRole.OTHER: _l("Other"),
}

CONSENT_MANNER_LABELS = {
    ConsentManner.PAPER: _l("Signed on paper and scanned as a document of the placement"),
    ConsentManner.ORAL: _l("Confirmed orally"),
}

# The buttons and headings of the workflow's steps.
ACTION_LABELS = {
    Action.SUBMIT: _l("Submit the request"),
    Action.CANCEL: _l("Cancel the request"),
    Action.ACCEPT: _l("Accept"),
    Action.DECLINE: _l("Decline"),
    Action.SIGN: _l("Sign the agreement"),
    Action.AMEND: _l("Amend the terms"),
    Action.START: _l("Record the start"),
    Action.COMPLETE: _l("Record the completion"),
    Action.INTERRUPT: _l("Interrupt"),
}

ACTION_EXPLANATIONS = {
    Action.SUBMIT: _l(
        "The request goes to the receiving party, whose coordinators are told. You can no "
        "longer edit it, but you can cancel it until it is decided."
    ),
    Action.CANCEL: _l("The request is cancelled for good. It stays in your party's history."),
    Action.ACCEPT: _l(
        "Your party accepts the request. The per-trainee agreement is then drawn up from "
        "its terms for both contact persons to sign."
    ),
    Action.DECLINE: _l("The sending party is told, with your reason."),
    Action.START: _l("The placement has begun. The other party's coordinators are told."),
    Action.INTERRUPT: _l(
        "The placement ends before it was meant to, or will not start at all. The reason "
        "is kept in the timeline."
    ),
}

# Why an action is refused in a state: said to the user as it is.
REFUSALS = {
    Action.EDIT: _l(
        "Only a draft can be edited. After acceptance, changes are made as amendments that "
        "both parties sign."
    ),
    Action.SUBMIT: _l("Only a draft can be submitted."),
    Action.CANCEL: _l("Only a draft or a request awaiting a decision can be cancelled."),
    Action.ACCEPT: _l("Only a request awaiting a decision can be accepted."),
    Action.DECLINE: _l("Only a request awaiting a decision can be declined."),
    Action.SIGN: _l(
        "The agreement can be signed only after the request has been accepted and before "
        "the placement has ended."
    ),
    Action.AMEND: _l(
        "The terms can be amended only after the request has been accepted and before the "
        "placement has ended."
    ),
    Action.START: _l("The period can start only once both parties have signed the agreement."),
    Action.COMPLETE: _l("Only an ongoing placement can be completed."),
    Action.INTERRUPT: _l("Only an accepted, agreed or ongoing placement can be interrupted."),
    Action.DEMONSTRATE: _l(
        "Skills demonstrations can be recorded once the request has been accepted."
    ),
    Action.COMMENT: _l("Comments cannot be added now."),
    Action.RECORD_UNIT: _l(
        "A qualification unit can be recorded completed once the period has started."
    ),
}

# The views of the access log; a feature above whose view shows the name adds its own.
VIEW_LABELS: dict[str, LazyString] = {
    PAGE: _l("Placement page"),
    AGREEMENT: _l("Per-trainee agreement"),
    EDIT: _l("Draft's edit form"),
}


def view_label(view: str) -> str:
    label = VIEW_LABELS.get(view)
    return str(label) if label is not None else view
