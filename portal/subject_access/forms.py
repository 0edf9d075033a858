"""The forms of a subject-access request: the search, the export, the correction, the erasure."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, SelectMultipleField, StringField, SubmitField
from wtforms.validators import InputRequired, Length
from wtforms.widgets import CheckboxInput, ListWidget

from portal.core.forms import BaseForm, options
from portal.placements.form_fields import line_field
from portal.subject_access.gather import MIN_TERM

PDF, JSON, ZIP = "pdf", "json", "zip"


class SearchForm(BaseForm):
    """Read from the address (GET): a search changes nothing, so it needs no CSRF token."""

    class Meta(BaseForm.Meta):
        csrf = False

    q = StringField(
        _l("Reference, name or initials"),
        validators=[
            InputRequired(_l("Enter a reference, a name or the initials.")),
            Length(
                min=MIN_TERM,
                max=200,
                message=_l("Enter at least %(min)d characters.", min=MIN_TERM),
            ),
        ],
    )
    submit = SubmitField(_l("Search"))


class ExportForm(BaseForm):
    q = StringField()
    placements = SelectMultipleField(
        _l("Placements to include"),
        coerce=int,
        option_widget=CheckboxInput(),
        widget=ListWidget(prefix_label=False),
        validators=[InputRequired(_l("Choose the placements of this person."))],
        # The choices are the placements found; a chosen one is checked against the scope.
        validate_choice=False,
    )
    kind = RadioField(
        _l("Form of the export"),
        choices=options(
            [
                (PDF, _l("Readable PDF")),
                (JSON, _l("Machine-readable JSON")),
                (ZIP, _l("Both, with our documents' files (ZIP)")),
            ]
        ),
        default=PDF,
        validators=[InputRequired(_l("Choose the form of the export."))],
    )
    submit = SubmitField(_l("Make the export"))


class RectifyForm(BaseForm):
    initials = line_field(_l("Initials"), _l("Enter the initials."), max_length=10)
    full_name = line_field(_l("Full name"))
    submit = SubmitField(_l("Save the correction"))

    def values(self) -> dict[str, Any]:
        return {"full_name": self.full_name.data or "", "initials": self.initials.data}


class EraseForm(BaseForm):
    confirm = BooleanField(
        _l("I have checked that no law requires keeping this placement's data"),
        validators=[InputRequired(_l("Tick the box to confirm the erasure."))],
    )
    submit = SubmitField(_l("Erase the data now"))
