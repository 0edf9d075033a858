"""The calendar's words in the interface, and the colour of each kind of event on the wheel."""

from __future__ import annotations

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from portal.annual_calendar.models import ActionState, Answer, EventKind, ExchangeRole

KIND_LABELS: dict[EventKind, LazyString] = {
    EventKind.MEETING: _l("Coordinators' meeting"),
    EventKind.STAFF_EXCHANGE: _l("Staff exchange"),
    EventKind.TRAINING: _l("Joint training"),
    EventKind.VISIT: _l("Site visit"),
    EventKind.AGREEMENT_REVIEW: _l("Agreement review"),
    EventKind.OTHER: _l("Other"),
}

# Each at least 4.5:1 against white, so the rings and the legend read for everyone; the
# kind is also written out in every link's name and in the list beside the wheel.
KIND_COLOURS: dict[EventKind, str] = {
    EventKind.MEETING: "#0b3d6e",
    EventKind.STAFF_EXCHANGE: "#a3400b",
    EventKind.TRAINING: "#1d6b35",
    EventKind.VISIT: "#6b2c91",
    EventKind.AGREEMENT_REVIEW: "#9c1c4f",
    EventKind.OTHER: "#4f5a65",
}

ROLE_LABELS: dict[ExchangeRole, LazyString] = {
    ExchangeRole.STUDY_COUNSELLOR: _l("Study counsellor"),
    ExchangeRole.STUDENT_WELFARE: _l("Student welfare staff"),
    ExchangeRole.PREPARATORY_TEACHER: _l("Teacher of preparatory education"),
    ExchangeRole.JOB_COACH: _l("Job coach"),
    ExchangeRole.OTHER: _l("Other role"),
}

ANSWER_LABELS: dict[Answer, LazyString] = {
    Answer.YES: _l("Yes"),
    Answer.NO: _l("No"),
    Answer.MAYBE: _l("Maybe"),
}

STATE_LABELS: dict[ActionState, LazyString] = {
    ActionState.OPEN: _l("Open"),
    ActionState.DONE: _l("Done"),
    ActionState.DROPPED: _l("Dropped"),
}
