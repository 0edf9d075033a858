"""Forms of the team and of the consent."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import DateField, RadioField, SelectField, SelectMultipleField, SubmitField
from wtforms.validators import InputRequired, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from portal.core.dates import today
from portal.core.forms import BaseForm, options
from portal.placements.form_fields import line_field, text_field
from portal.placements.labels import CONSENT_MANNER_LABELS, TEAM_ROLE_LABELS
from portal.placements.team_models import ConsentManner, TeamRole


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class TeamMemberForm(BaseForm):
    # The parties and people are filled in by the view: the choices depend on the placement.
    party = SelectField(_l("Party"), coerce=_int_or_none, validate_choice=False)
    person = SelectField(
        _l("Person"),
        coerce=_int_or_none,
        validate_choice=False,
        validators=[InputRequired(_l("Choose a person."))],
    )
    role = SelectField(
        _l("Role"),
        choices=options((r.value, label) for r, label in TEAM_ROLE_LABELS.items()),
        validators=[InputRequired(_l("Choose the role."))],
    )
    submit = SubmitField(_l("Add to the team"))

    def chosen_role(self) -> TeamRole:
        return TeamRole(self.role.data)


class ConsentForm(BaseForm):
    information = text_field(
        _l("What information may be shared"), _l("Write what information the consent covers.")
    )
    parties = SelectMultipleField(
        _l("Between which parties"),
        coerce=int,
        option_widget=CheckboxInput(),
        widget=ListWidget(prefix_label=False),
        validators=[InputRequired(_l("Choose the parties the consent names."))],
    )
    purpose = text_field(_l("For what purpose"), _l("Write the purpose of the exchange."))
    given_on = DateField(
        _l("Given on"), validators=[InputRequired(_l("Enter a date."))], default=today
    )
    valid_until = DateField(_l("Valid until"), validators=[InputRequired(_l("Enter a date."))])
    manner = RadioField(
        _l("How it was given"),
        choices=options((m.value, label) for m, label in CONSENT_MANNER_LABELS.items()),
        validators=[InputRequired(_l("Choose how the consent was given."))],
    )
    document = SelectField(
        _l("The scanned consent"),
        coerce=_int_or_none,
        validate_choice=False,
        validators=[Optional()],
        description=_l("One of the placement's documents, when it was signed on paper."),
    )
    noted_by = line_field(
        _l("Confirmed orally to"),
        description=_l("Who heard the consent, when it was given orally."),
    )
    submit = SubmitField(_l("Record the consent"))

    def chosen_manner(self) -> ConsentManner:
        return ConsentManner(self.manner.data)


class WithdrawConsentForm(BaseForm):
    reason = text_field(_l("Why it was withdrawn"), _l("Write why the consent was withdrawn."))
    submit = SubmitField(_l("Withdraw the consent"))
