"""The form of one day of one trainee (a row of the day screen) and of a correction."""

from __future__ import annotations

from typing import Any

from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l
from wtforms import DecimalField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import TextInput

from portal.core.forms import BaseForm, options
from portal.daily_records.labels import PRESENCE_LABELS
from portal.daily_records.models import Presence
from portal.daily_records.service import NOTE_LENGTH, REASON_LENGTH, Entry


class HoursField(DecimalField):
    """Hours as a Finn types them, with a decimal comma (6,5) or point (6.5): a text input,
    since a number input refuses the comma in some browsers."""

    widget = TextInput()

    def _value(self) -> str:
        if self.raw_data:
            return str(self.raw_data[0])
        # As the reader's language writes it (6,5 in Finnish), which the field reads back.
        return "" if self.data is None else format_decimal(self.data)

    def process_formdata(self, valuelist: list[Any]) -> None:
        if valuelist and isinstance(valuelist[0], str):
            valuelist = [valuelist[0].replace(",", ".").strip()]
        super().process_formdata(valuelist)


class DayForm(BaseForm):
    """One trainee's day; prefixed with the placement so that many fit on one page."""

    presence = SelectField(
        _l("Presence"), choices=options((p.value, label) for p, label in PRESENCE_LABELS.items())
    )
    hours = HoursField(
        _l("Hours"),
        places=2,
        validators=[
            Optional(),
            NumberRange(min=0, max=24, message=_l("Enter the hours as a number from 0 to 24.")),
        ],
    )
    note = TextAreaField(
        _l("Coaching note"),
        validators=[
            Length(
                max=NOTE_LENGTH,
                message=_l("Keep the note within %(max)d characters."),
            )
        ],
    )
    qualification_unit = StringField(_l("Qualification unit"), validators=[Length(max=200)])

    def __init__(self, *args: Any, units: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The units agreed for the period, offered as a choice; free text when none are.
        self.units = units or []

    def validate_qualification_unit(self, field: Any) -> None:
        if self.units and field.data and field.data not in self.units:
            raise ValidationError(_l("Choose one of the period's qualification units."))

    def entry(self) -> Entry:
        return Entry(
            presence=Presence(self.presence.data),
            hours=self.hours.data,
            note=self.note.data or "",
            qualification_unit=self.qualification_unit.data or "",
        )


class CorrectionForm(DayForm):
    reason = TextAreaField(
        _l("Reason for the correction"),
        validators=[
            DataRequired(message=_l("Say why the day is corrected.")),
            Length(max=REASON_LENGTH, message=_l("Keep the reason within %(max)d characters.")),
        ],
    )
