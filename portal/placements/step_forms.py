"""Forms of the workflow's steps, signing and comments."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    SubmitField,
)
from wtforms.validators import InputRequired
from wtforms.widgets import CheckboxInput

from portal.core.dates import today
from portal.core.forms import BaseForm, options
from portal.placements.form_fields import line_field, text_field
from portal.placements.labels import NEXT_STEP_LABELS
from portal.placements.models import NextStep


class StepForm(BaseForm):
    comment = text_field(
        _l("Comment (optional)"), description=_l("Shown in the placement's timeline.")
    )
    submit = SubmitField(_l("Confirm"))


class DeclineForm(BaseForm):
    reason = text_field(_l("Reason for declining"), _l("Give the reason for declining."))
    submit = SubmitField(_l("Decline the request"))


class StartForm(BaseForm):
    on = DateField(_l("Started on"), validators=[InputRequired(_l("Enter a date."))], default=today)
    comment = text_field(
        _l("Comment (optional)"), description=_l("Shown in the placement's timeline.")
    )
    submit = SubmitField(_l("Record the start"))


def _next_step_choices() -> list[Any]:
    return options((step.value, label) for step, label in NEXT_STEP_LABELS.items())


class InterruptForm(BaseForm):
    on = DateField(
        _l("Interrupted on"), validators=[InputRequired(_l("Enter a date."))], default=today
    )
    reason = text_field(
        _l("Reason for the interruption"), _l("Give the reason for the interruption.")
    )
    next_step = SelectField(_l("Next step"), default=NextStep.UNKNOWN.value)
    submit = SubmitField(_l("Interrupt the placement"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.next_step.choices = _next_step_choices()


class CompleteForm(BaseForm):
    on = DateField(
        _l("Completed on"), validators=[InputRequired(_l("Enter a date."))], default=today
    )
    units = SelectMultipleField(
        _l("Qualification units completed"),
        coerce=int,
        validate_choice=True,
        option_widget=CheckboxInput(),
    )
    other_units = text_field(
        _l("Other qualification units completed"),
        max_length=3000,
        description=_l("One per line. A code may come first, e.g. 106927 Puutuotteiden valmistus."),
    )
    next_step = RadioField(_l("Next step"), validators=[InputRequired(_l("Choose the next step."))])
    note = text_field(
        _l("Outcome (optional)"), description=_l("Anything the partners should know.")
    )
    submit = SubmitField(_l("Record the completion"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.next_step.choices = _next_step_choices()


class SignForm(BaseForm):
    version = HiddenField()
    title = line_field(
        _l("Your title"),
        _l("Enter your title."),
        description=_l("Shown with your signature, e.g. Workshop coordinator."),
    )
    confirm = BooleanField(
        _l("I have read this version of the agreement and sign it on behalf of my party"),
        validators=[InputRequired(_l("Confirm that you have read the agreement."))],
    )
    submit = SubmitField(_l("Sign"))


class CommentForm(BaseForm):
    body = text_field(_l("Comment"), _l("Write a comment."), max_length=4000)
    submit = SubmitField(_l("Post"))
