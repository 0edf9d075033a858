"""The form of a follow-up's answer."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, SubmitField
from wtforms.validators import InputRequired

from portal.core.forms import BaseForm, options
from portal.follow_up.labels import SITUATION_LABELS, SOURCE_LABELS
from portal.placements.form_fields import line_field


class AnswerForm(BaseForm):
    situation = RadioField(
        _l("Where is the young person now?"),
        validators=[InputRequired(_l("Choose where the young person is now."))],
    )
    qualification = line_field(
        _l("Qualification (when in studies)"),
        description=_l("E.g. Vocational qualification in construction."),
    )
    source = SelectField(
        _l("Source of the answer"),
        validators=[InputRequired(_l("Choose where the answer comes from."))],
        description=_l("Who told you, or where you checked it."),
    )
    submit = SubmitField(_l("Save the answer"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.situation.choices = options((s.value, label) for s, label in SITUATION_LABELS.items())
        self.source.choices = options(
            [("", _l("Choose…"))] + [(s.value, label) for s, label in SOURCE_LABELS.items()]
        )


class AskForm(BaseForm):
    person = SelectField(
        _l("Ask someone else on the team"),
        coerce=int,
        validate_choice=False,
        validators=[InputRequired(_l("Choose a person on the team."))],
    )
    ask = SubmitField(_l("Ask this person"))
