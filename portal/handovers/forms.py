"""Forms of the hand-over: recording it, and calling it off."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import DateField, RadioField, SelectField, StringField, SubmitField, TimeField
from wtforms.validators import InputRequired, Length, Optional

from portal.core.dates import today
from portal.core.forms import BaseForm, options
from portal.handovers.labels import SERVICE_LABELS
from portal.handovers.models import NextService
from portal.placements.form_fields import text_field


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class HandoverForm(BaseForm):
    service = RadioField(
        _l("Next service"),
        choices=options((s.value, label) for s, label in SERVICE_LABELS.items()),
        validators=[InputRequired(_l("Choose the next service."))],
    )
    # The parties and people are filled in by the view: they depend on the placement.
    party = SelectField(_l("Receiving party"), coerce=_int_or_none, validate_choice=False)
    person = SelectField(
        _l("Receiving person"),
        coerce=_int_or_none,
        validate_choice=False,
        validators=[InputRequired(_l("Choose the receiving person."))],
        description=_l(
            "They join the placement's team, are told, and confirm once they have the young person."
        ),
    )
    meeting_on = DateField(
        _l("Hand-over meeting on"),
        validators=[InputRequired(_l("Enter the date of the hand-over meeting."))],
        default=today,
    )
    start_time = TimeField(
        _l("Starting time"),
        validators=[InputRequired(_l("Enter the starting time."))],
        description=_l("Finnish time, e.g. 09:00."),
    )
    end_time = TimeField(
        _l("Ending time"),
        validators=[InputRequired(_l("Enter the ending time."))],
        description=_l("Finnish time, e.g. 10:00."),
    )
    place = StringField(
        _l("Place"),
        validators=[Optional(), Length(max=300)],
        description=_l("Address, room or video-call link."),
    )
    submit = SubmitField(_l("Record the hand-over"))

    def chosen_service(self) -> NextService:
        return NextService(self.service.data)


class CallOffForm(BaseForm):
    reason = text_field(
        _l("Why is the hand-over called off?"), _l("Write why the hand-over is called off.")
    )
    submit = SubmitField(_l("Call off the hand-over"))
