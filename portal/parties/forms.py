"""Forms for parties, their units, signatures and withdrawal."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    FileField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import URL, InputRequired, Length, Optional

from portal.core.forms import BaseForm, options
from portal.core.validators import BusinessId
from portal.parties.labels import PARTY_KIND_LABELS, UNIT_KIND_LABELS


class PartyForm(BaseForm):
    name = StringField(
        _l("Name"), validators=[InputRequired(_l("Enter the party's name.")), Length(max=200)]
    )
    kind = SelectField(
        _l("Kind"), choices=options((k.value, label) for k, label in PARTY_KIND_LABELS.items())
    )
    business_id = StringField(
        _l("Business ID"),
        validators=[InputRequired(_l("Enter the business ID.")), BusinessId()],
        description=_l("Y-tunnus, e.g. 0116297-6."),
    )
    locality = StringField(_l("Municipality"), validators=[Optional(), Length(max=100)])
    website = StringField(
        _l("Website"),
        validators=[
            Optional(),
            URL(message=_l("Enter a full address, e.g. https://example.fi.")),
            Length(max=200),
        ],
    )
    privacy_contact = StringField(
        _l("Data protection contact"),
        validators=[Optional(), Length(max=300)],
        description=_l(
            "Whom to ask about personal data, e.g. the data protection officer's e-mail "
            "address. Shown in the directory and the privacy notice."
        ),
    )
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=4000)])
    signatory_name = StringField(_l("Signatory"), validators=[Optional(), Length(max=200)])
    signatory_title = StringField(_l("Signatory's title"), validators=[Optional(), Length(max=200)])
    is_founding = BooleanField(
        _l("Founding party"),
        description=_l("Founding parties must all sign before the agreement is in force."),
    )
    joined_on = DateField(
        _l("Joined on"),
        validators=[Optional()],
        description=_l("For a party that joins later. Empty means today."),
    )
    submit = SubmitField(_l("Save"))


class UnitForm(BaseForm):
    kind = SelectField(
        _l("Kind"), choices=options((k.value, label) for k, label in UNIT_KIND_LABELS.items())
    )
    name = StringField(
        _l("Name"), validators=[InputRequired(_l("Enter the unit's name.")), Length(max=200)]
    )
    locality = StringField(_l("Municipality"), validators=[Optional(), Length(max=100)])
    address = StringField(_l("Street address"), validators=[Optional(), Length(max=300)])
    submit = SubmitField(_l("Save"))


class SignatureForm(BaseForm):
    signer_name = StringField(
        _l("Signed by"), validators=[InputRequired(_l("Enter the signer's name.")), Length(max=200)]
    )
    signer_title = StringField(
        _l("Title"), validators=[InputRequired(_l("Enter the signer's title.")), Length(max=200)]
    )
    place = StringField(
        _l("Place"), validators=[InputRequired(_l("Enter the place of signing.")), Length(max=100)]
    )
    signed_on = DateField(_l("Date"), validators=[InputRequired(_l("Enter the date of signing."))])
    submit = SubmitField(_l("Record the signature"))


class WithdrawalForm(BaseForm):
    withdrawn_on = DateField(
        _l("Withdrawal takes effect on"), validators=[InputRequired(_l("Enter the date."))]
    )
    notice = TextAreaField(
        _l("Written notice"),
        validators=[
            InputRequired(_l("Describe the written notice of withdrawal.")),
            Length(max=4000),
        ],
        description=_l("A summary: who gave notice, when, and where the signed letter is kept."),
    )
    # Optional, and last: the browser sends the file after the fields.
    file = FileField(_l("The written notice as a file"))
    submit = SubmitField(_l("Record the withdrawal"))


class AgreementForm(BaseForm):
    title = StringField(
        _l("Title"), validators=[InputRequired(_l("Enter the agreement's title.")), Length(max=300)]
    )
    summary = TextAreaField(_l("Summary"), validators=[Optional(), Length(max=8000)])
    submit = SubmitField(_l("Save"))


class NeedToKnowForm(BaseForm):
    staff_see_unit_placements = BooleanField(
        _l("Staff see their unit's placements"),
        description=_l(
            "Besides the placements whose team they are on, the staff see every placement "
            "done at their own unit. Coordinators always see all of the party's."
        ),
    )
    submit = SubmitField(_l("Save"))
