"""Forms of the learning-environment report and its qualification units."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, IntegerField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, Regexp

from portal.core.forms import BaseForm


class ReportForm(BaseForm):
    work_description = TextAreaField(
        _l("Work done in the unit"),
        validators=[
            InputRequired(_l("Describe the work done in the unit.")),
            Length(max=2000, message=_l("Keep the description under 2,000 characters.")),
        ],
        description=_l("A few sentences: what the trainees make or do, with which tools."),
    )
    capacity = IntegerField(
        _l("Capacity"),
        validators=[
            InputRequired(_l("Enter how many trainees the unit can take at once.")),
            NumberRange(min=1, max=500, message=_l("Enter a number from 1 to 500.")),
        ],
        description=_l("Trainees at once."),
    )
    reported_on = DateField(
        _l("Date of the report"),
        validators=[InputRequired(_l("Enter the date of the report."))],
    )
    author = StringField(
        _l("Made by"),
        validators=[InputRequired(_l("Enter who made the report.")), Length(max=200)],
        description=_l(
            "The people who identified the learning environment, e.g. a job coach "
            "and a vocational teacher."
        ),
    )
    submit = SubmitField(_l("Save"))


class QualificationUnitForm(BaseForm):
    qualification = StringField(
        _l("Qualification"),
        validators=[InputRequired(_l("Enter the qualification's name.")), Length(max=200)],
        description=_l("e.g. Puuseppäalan perustutkinto"),
    )
    name = StringField(
        _l("Qualification unit"),
        validators=[InputRequired(_l("Enter the qualification unit's name.")), Length(max=200)],
        description=_l("A whole qualification unit that can be completed in the unit's work."),
    )
    code = StringField(
        _l("Code"),
        validators=[
            Optional(),
            Length(max=20),
            Regexp(
                r"^[0-9A-Za-z]+$",
                message=_l("Enter the code as letters and digits only, e.g. 106789."),
            ),
        ],
        description=_l("The unit's code in the national qualification requirements, if known."),
    )
    can_host_demonstration = BooleanField(_l("Skills demonstrations can be held in the workshop"))
    can_issue_certificate = BooleanField(_l("The workshop can issue a competence certificate"))
    submit = SubmitField(_l("Save"))
    submit_another = SubmitField(_l("Save and add another"))
