"""Forms of two-step verification."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField, SubmitField
from wtforms.validators import InputRequired, Length

from portal.core.forms import BaseForm


class CodeForm(BaseForm):
    code = StringField(
        _l("Code"),
        validators=[InputRequired(_l("Enter the code.")), Length(max=40)],
        description=_l(
            "The six digits your authenticator app shows now, or one of your recovery codes."
        ),
    )
    submit = SubmitField(_l("Continue"))


class ConfirmTotpForm(BaseForm):
    code = StringField(
        _l("Code from the app"),
        validators=[InputRequired(_l("Enter the six digits the app shows.")), Length(max=20)],
    )
    submit = SubmitField(_l("Turn on"))


class PasskeyNameForm(BaseForm):
    name = StringField(
        _l("Name of the key"),
        validators=[InputRequired(_l("Name the key, e.g. “Work laptop”.")), Length(max=100)],
        description=_l("So that you can tell your keys apart, e.g. “Work laptop”."),
    )
    submit = SubmitField(_l("Add the key"))


class EmptyForm(BaseForm):
    """A button whose POST carries only the CSRF token."""
