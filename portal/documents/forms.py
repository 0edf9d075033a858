"""Forms for documents, versions and disclosure requests."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    FileField,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
    widgets,
)
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from portal.core.forms import BaseForm, options
from portal.documents.labels import CLASSIFICATION_LABELS
from portal.documents.models import Classification, DisclosureStatus


class CheckboxListField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


FILE_HINT = _l(
    "PDF, Word, Excel, PowerPoint, OpenDocument, text, CSV, PNG or JPEG, at most %(size)d MB."
)


class VersionForm(BaseForm):
    """A file; the type is checked on its content as it streams in."""

    file = FileField(_l("File"))
    submit = SubmitField(_l("Upload"))


class DocumentForm(VersionForm):
    title = StringField(
        _l("Document title"),
        validators=[InputRequired(_l("Enter the document's title.")), Length(max=200)],
    )
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=4000)])
    # What the document belongs to, written kind:id: the object chosen among those a typed
    # name offers (or named in the address); the sharing rules of the object apply.
    belongs_to = RadioField(
        _l("Belongs to"),
        choices=[],
        validators=[Optional()],
        validate_choice=False,
        description=_l(
            "Optional: the placement, the calendar event or the learning-environment report "
            "the document is part of. It is then shown on that page too. Type a placement's "
            "reference, an event's title or a unit's name."
        ),
    )
    # The name typed to find it; resolved when the form is sent if nothing was chosen.
    belongs_to_name = StringField(_l("Belongs to"), validators=[Optional(), Length(max=100)])
    # The choices of both are set with the rest of "belongs to" (extension_points.links).
    event_role = RadioField(
        _l("For an event, the document is"),
        choices=[],
        validators=[Optional()],
        validate_choice=False,
        description=_l("Only for a document of a calendar event."),
    )
    # Where to return after sharing: the page the form was opened from.
    next = HiddenField()
    # Set with the choices: whether the person may share a document for anything at all, and
    # the objects a typed name may mean, when it named no single one.
    belongs_to_offered = False
    belongs_to_matches: Sequence[Any] = ()
    classification = RadioField(
        _l("Classification"),
        choices=options((c.value, label) for c, label in CLASSIFICATION_LABELS.items()),
        validators=[InputRequired(_l("Choose the classification."))],
    )
    legal_basis = StringField(
        _l("Legal basis of secrecy"),
        validators=[Length(max=200)],
        description=_l("Required for a document secret by law, e.g. JulkL 24 § 1 mom 25 k."),
    )
    secret_until = DateField(
        _l("Secret until"),
        validators=[Optional()],
        description=_l("When the secrecy ends, if the law sets a time. Empty if it does not."),
    )
    recipients = CheckboxListField(
        _l("Recipient parties"),
        coerce=int,
        validate_choice=False,
        description=_l(
            "Confidential and secret documents are seen only by your party and these. "
            "Their coordinators are told."
        ),
    )
    staff_may_see = BooleanField(
        _l("The recipients' staff may see the document"),
        description=_l("Coordinators of the recipients always may."),
    )
    # Fields first, the file last: the browser sends the form in this order.
    file = FileField(_l("File"))
    submit = SubmitField(_l("Upload the document"))

    # The service decides; these repeat its rules so that every mistake shows at once.
    def validate_legal_basis(self, field: StringField) -> None:
        if self.classification.data == Classification.SECRET.value and not field.data:
            raise ValidationError(
                _l("Give the legal basis of secrecy, e.g. JulkL 24 § 1 mom 25 k.")
            )

    def validate_recipients(self, field: CheckboxListField) -> None:
        restricted = (Classification.CONFIDENTIAL.value, Classification.SECRET.value)
        if self.classification.data in restricted and not field.data:
            raise ValidationError(
                _l("Choose at least one recipient party for a confidential or secret document.")
            )


class DisclosureRequestForm(BaseForm):
    third_party = StringField(
        _l("Third party"),
        validators=[
            InputRequired(_l("Name the third party the document would be disclosed to.")),
            Length(max=200),
        ],
        description=_l("The organisation or person, e.g. Kouvolan TE-palvelut."),
    )
    purpose = TextAreaField(
        _l("Purpose"),
        validators=[InputRequired(_l("Describe why it would be disclosed.")), Length(max=4000)],
    )
    scope = TextAreaField(
        _l("Scope"),
        validators=[InputRequired(_l("Describe what would be disclosed.")), Length(max=4000)],
        description=_l("The whole document or which parts, in which form."),
    )
    version = SelectField(_l("Version"), coerce=int, validate_choice=False)
    submit = SubmitField(_l("Ask for permission"))


class DecisionForm(BaseForm):
    outcome = RadioField(
        _l("Decision"),
        choices=options(
            [
                (DisclosureStatus.GRANTED.value, _l("Grant permission")),
                (DisclosureStatus.REFUSED.value, _l("Refuse permission")),
            ]
        ),
        validators=[InputRequired(_l("Choose whether to grant or refuse permission."))],
    )
    decision = TextAreaField(
        _l("Written decision"),
        validators=[
            InputRequired(_l("Write the decision: its conditions or its reasons.")),
            Length(max=4000),
        ],
        description=_l("The requester sees it. It cannot be changed afterwards."),
    )
    submit = SubmitField(_l("Record the decision"))


class DetailsForm(BaseForm):
    """What a document is called and says of itself; its mark and readers stay as shared."""

    title = StringField(
        _l("Document title"),
        validators=[InputRequired(_l("Enter the document's title.")), Length(max=200)],
    )
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=4000)])
    submit = SubmitField(_l("Save"))


class DeleteForm(BaseForm):
    submit = SubmitField(_l("Delete the document"))
