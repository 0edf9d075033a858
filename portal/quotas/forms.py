"""Forms of quota places: the quota, filling a place, a named reservation."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from portal.core.forms import BaseForm


class QuotaForm(BaseForm):
    unit = SelectField(
        _l("Workshop unit"),
        coerce=int,
        validators=[InputRequired(_l("Choose the unit."))],
        description=_l("The field or site of your workshop where the places are."),
    )
    provider = SelectField(
        _l("Education provider"),
        coerce=int,
        validators=[InputRequired(_l("Choose the education provider."))],
    )
    field_name = StringField(
        _l("Field"),
        validators=[InputRequired(_l("Enter the field of the places.")), Length(max=200)],
        description=_l("The field of study the places are for, e.g. Rakennus- ja puuala."),
    )
    start_on = DateField(_l("First day"), validators=[InputRequired(_l("Enter the first day."))])
    end_on = DateField(_l("Last day"), validators=[InputRequired(_l("Enter the last day."))])
    places = IntegerField(
        _l("Number of places"),
        validators=[
            InputRequired(_l("Enter the number of places.")),
            NumberRange(min=0, max=200, message=_l("Enter a number from 0 to 200.")),
        ],
        description=_l(
            "Places in use at the same time. One place can take several periods one after another."
        ),
    )
    reply_by = DateField(
        _l("Reply by"),
        validators=[InputRequired(_l("Enter the reply-by date."))],
        description=_l("Places the provider has not filled by this day go back to the workshop."),
    )
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=4000)])
    submit = SubmitField(_l("Save"))


class FillForm(BaseForm):
    # The service says why a period cannot fill a place (e.g. another request was first).
    placement = SelectField(
        _l("Workshop period"),
        coerce=int,
        validate_choice=False,
        validators=[InputRequired(_l("Choose the workshop period."))],
        description=_l("Your workshop periods to this workshop inside the quota's period."),
    )
    # The quota's places as the form was shown (places.places_seen).
    seen = HiddenField()
    submit = SubmitField(_l("Fill a place"))


class ReservationForm(BaseForm):
    reference = StringField(
        _l("Pseudonymous reference"),
        validators=[InputRequired(_l("Enter a pseudonymous reference.")), Length(max=40)],
        description=_l(
            "Your own reference for the student, e.g. LUOVI-2026-052. Never a "
            "personal identity code."
        ),
    )
    start_on = DateField(_l("From"), validators=[InputRequired(_l("Enter the first day."))])
    end_on = DateField(_l("To"), validators=[InputRequired(_l("Enter the last day."))])
    # The quota's places as the form was shown (places.places_seen).
    seen = HiddenField()
    submit = SubmitField(_l("Reserve a place"))


class TurnForm(BaseForm):
    """Turn a named reservation into its placement; prefixed per place on the page."""

    placement = SelectField(
        _l("Workshop period"),
        coerce=int,
        validate_choice=False,
        validators=[InputRequired(_l("Choose the workshop period."))],
    )
    submit = SubmitField(_l("Turn into this placement"))
