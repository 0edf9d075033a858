"""Forms of the annual calendar: an event, an answer, the minutes, a decision, a cancellation."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import InputRequired, Length, Optional

from portal.annual_calendar.labels import ANSWER_LABELS, KIND_LABELS, ROLE_LABELS, STATE_LABELS
from portal.annual_calendar.models import EventKind
from portal.core.forms import BaseForm, options

KIND_CHOICES = options((k.value, label) for k, label in KIND_LABELS.items())


class EventForm(BaseForm):
    kind = SelectField(_l("Kind"), choices=KIND_CHOICES)
    title = StringField(
        _l("Name of the event"),
        validators=[InputRequired(_l("Enter the name of the event.")), Length(max=200)],
    )
    all_day = BooleanField(_l("All-day event"), description=_l("No times, only dates."))
    start_date = DateField(
        _l("Starts on"), validators=[InputRequired(_l("Enter the date the event starts."))]
    )
    start_time = TimeField(
        _l("Starting time"), validators=[Optional()], description=_l("Finnish time, e.g. 09:00.")
    )
    end_date = DateField(
        _l("Ends on"),
        validators=[Optional()],
        description=_l("Leave empty if the event ends the day it starts."),
    )
    end_time = TimeField(
        _l("Ending time"), validators=[Optional()], description=_l("Finnish time, e.g. 15:30.")
    )
    place = StringField(
        _l("Place"),
        validators=[Optional(), Length(max=300)],
        description=_l("Address, room or video-call link."),
    )
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=8000)])
    agenda = TextAreaField(
        _l("Agenda in brief"),
        validators=[Optional(), Length(max=8000)],
        description=_l(
            "A short note, shown to everyone invited and written into their calendars. Share "
            "the agenda itself as a document on the event's page."
        ),
    )
    extra_meeting_reason = TextAreaField(
        _l("Reason for more than three meetings"),
        validators=[Optional(), Length(max=2000)],
        description=_l(
            "The guidelines expect 1–3 coordinators' meetings a year; more is fine, e.g. in "
            "the early phase of the collaboration. If more are planned, say why."
        ),
    )
    parties = SelectMultipleField(_l("Invited parties"), coerce=int, validate_choice=True)
    people = SelectMultipleField(_l("Invited persons"), coerce=int, validate_choice=True)
    guest_party_id = SelectField(_l("Guest's party"), coerce=int, validators=[Optional()])
    guest_id = SelectField(
        _l("Guest"),
        coerce=int,
        validators=[Optional()],
        description=_l(
            "Leave it open for the guest's party to name its visitor: its coordinators choose "
            "among their own people, or a person offers to go."
        ),
    )
    host_party_id = SelectField(_l("Host party"), coerce=int, validators=[Optional()])
    guest_role = SelectField(
        _l("Guest's role"),
        choices=options(
            [("", _l("Choose the role"))] + [(r.value, label) for r, label in ROLE_LABELS.items()]
        ),
    )
    submit = SubmitField(_l("Save"))

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        if not self.all_day.data:
            for f, message in (
                (self.start_time, _l("Enter the starting time, or mark the event all-day.")),
                (self.end_time, _l("Enter the ending time, or mark the event all-day.")),
            ):
                if f.data is None and not f.errors:
                    f.errors = [*f.errors, str(message)]
                    valid = False
        if self.kind.data == EventKind.STAFF_EXCHANGE.value and not (
            self.guest_id.data or self.guest_party_id.data
        ):
            # The guest, or only the guest's party, which names its visitor later.
            self.guest_party_id.errors = [
                *self.guest_party_id.errors,
                str(_l("Choose the guest's party, or the guest.")),
            ]
            valid = False
        if self.kind.data == EventKind.STAFF_EXCHANGE.value:
            for f, message in (
                (self.host_party_id, _l("Choose the host party.")),
                (self.guest_role, _l("Choose the guest's role.")),
            ):
                if not f.data:
                    f.errors = [*f.errors, str(message)]
                    valid = False
        return valid


class AnswerForm(BaseForm):
    answer = RadioField(
        _l("Will you come?"),
        choices=options((a.value, label) for a, label in ANSWER_LABELS.items()),
        validators=[InputRequired(_l("Choose yes, no or maybe."))],
    )


class MinutesForm(BaseForm):
    minutes = TextAreaField(
        _l("Minutes in brief"),
        validators=[Optional(), Length(max=20000)],
        description=_l(
            "A short note of what was decided. The minutes themselves are a document: share "
            "them below. Record the action items on the event's page."
        ),
    )
    submit = SubmitField(_l("Save the minutes"))


class CancelForm(BaseForm):
    reason = TextAreaField(
        _l("Reason"),
        validators=[Optional(), Length(max=2000)],
        description=_l("Told to everyone invited."),
    )
    submit = SubmitField(_l("Cancel the event"))


class ActionItemForm(BaseForm):
    title = StringField(
        _l("Action"),
        validators=[InputRequired(_l("Describe what is to be done.")), Length(max=300)],
    )
    owner_id = SelectField(
        _l("Owner"), coerce=int, validators=[InputRequired(_l("Choose the owner."))]
    )
    due_on = DateField(_l("Due date"), validators=[InputRequired(_l("Enter the due date."))])
    submit = SubmitField(_l("Add the action item"))


class ActionStateForm(BaseForm):
    state = RadioField(
        _l("State"),
        choices=options((s.value, label) for s, label in STATE_LABELS.items()),
        validators=[InputRequired()],
    )
    note = StringField(_l("Note"), validators=[Optional(), Length(max=2000)])


class VisitorForm(BaseForm):
    """The guest party names its visitor for a staff exchange (or a person offers to go)."""

    visitor = SelectField(_l("Our visitor"), coerce=int, validators=[Optional()])
    submit = SubmitField(_l("Name the visitor"))
