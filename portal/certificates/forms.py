"""The issue form, the provider's recognition form and the verification form."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from portal.certificates.labels import RECOGNITION_LABELS
from portal.core.dates import today
from portal.core.forms import BaseForm, options, strip_whitespace
from portal.core.validators import NoIdentityCode
from portal.daily_records.forms import HoursField
from portal.placements.form_fields import line_field

TEXT = [Optional(), Length(max=2000), NoIdentityCode()]


class EntryList(FieldList):
    """A list of sub-forms in a BaseForm, which gives every field its filters: the list and
    its sub-forms take none (WTForms refuses them), the sub-forms' fields trim their own."""

    def __init__(self, *args: Any, filters: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class Entry(FormField):
    def __init__(self, *args: Any, filters: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class UnitEntryForm(Form):
    """One offered unit: chosen or not, and if chosen what was shown and how."""

    key = HiddenField()
    chosen = BooleanField(_l("Include this unit"))
    skills = TextAreaField(_l("Skills shown at work"), validators=TEXT, filters=[strip_whitespace])
    how_shown = TextAreaField(
        _l("How they were shown"),
        validators=TEXT,
        filters=[strip_whitespace],
        description=_l("E.g. the work done, the tasks and how independently."),
    )

    def validate(self, extra_validators: Any = None) -> bool:
        ok = super().validate(extra_validators)
        if self.chosen.data:
            if not self.skills.data:
                self.skills.errors = [*self.skills.errors, str(_l("Describe the skills shown."))]
                ok = False
            if not self.how_shown.data:
                self.how_shown.errors = [
                    *self.how_shown.errors,
                    str(_l("Describe how the skills were shown.")),
                ]
                ok = False
        return ok


class IssueForm(BaseForm):
    units = EntryList(Entry(UnitEntryForm))
    period_start = DateField(_l("Period from"), validators=[InputRequired(_l("Enter a date."))])
    period_end = DateField(_l("Period until"), validators=[InputRequired(_l("Enter a date."))])
    hours = HoursField(
        _l("Hours (optional)"),
        validators=[
            Optional(),
            NumberRange(
                min=0, max=99999, message=_l("Enter the hours as a number from 0 to 99999.")
            ),
        ],
        description=_l("Filled in from the daily records where they are kept."),
    )
    assessed_by = line_field(
        _l("Assessed by"),
        _l("Enter who assessed the skills."),
        max_length=300,
        description=_l("Names and roles, e.g. Jukka Lehtonen, job coach."),
    )
    signer_title = line_field(
        _l("Your title"), description=_l("Printed with your name as the signer.")
    )
    submit = SubmitField(_l("Issue the certificate"))

    def unit_errors(self) -> list[str]:
        """The rule's own messages about the units as a whole (not those of one unit)."""
        return [e for e in self.units.errors if isinstance(e, str)]


class UnitRecognitionForm(Form):
    unit_id = HiddenField()
    recognition = SelectField(_l("Recognised in the HOKS"), default="")
    remaining = TextAreaField(
        _l("What remains to be completed"),
        validators=TEXT,
        filters=[strip_whitespace],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.recognition.choices = [("", _l("Not decided"))] + options(
            (r.value, label) for r, label in RECOGNITION_LABELS.items()
        )


class RecognitionForm(BaseForm):
    units = EntryList(Entry(UnitRecognitionForm))
    recognised_on = DateField(
        _l("Recognised on"),
        validators=[InputRequired(_l("Enter a date."))],
        default=today,
    )
    submit = SubmitField(_l("Record the recognition"))

    def unit_errors(self) -> list[str]:
        return [e for e in self.units.errors if isinstance(e, str)]


class VerifyForm(BaseForm):
    code = StringField(
        _l("Verification code"),
        validators=[
            InputRequired(_l("Enter the code printed on the certificate.")),
            Length(max=40),
        ],
        description=_l("As printed on the certificate, e.g. ABCD-EFGH-JKLM-NPQR."),
    )
    file = FileField(
        _l("The certificate's PDF (optional)"),
        description=_l("To check that the file is unaltered: the PDF as it was issued."),
    )
    submit = SubmitField(_l("Verify"))
