"""The administrator's form for a party's identity provider."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, PasswordField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from portal.core.forms import BaseForm

_LOOPBACK = {"127.0.0.1", "localhost", "::1"}


class ProviderForm(BaseForm):
    issuer = StringField(
        _l("Issuer URL"),
        validators=[InputRequired(_l("Enter the provider's issuer URL.")), Length(max=500)],
        description=_l(
            "The address whose /.well-known/openid-configuration describes the provider, such "
            "as https://login.microsoftonline.com/TENANT-ID/v2.0."
        ),
    )
    client_id = StringField(
        _l("Client ID"),
        validators=[InputRequired(_l("Enter the client ID.")), Length(max=255)],
    )
    client_secret = PasswordField(
        _l("Client secret"),
        validators=[Optional(), Length(max=1000)],
        description=_l(
            "Stored encrypted and never shown again. Leave empty to keep the saved one."
        ),
    )
    domains = TextAreaField(
        _l("E-mail domains"),
        validators=[InputRequired(_l("Enter at least one e-mail domain."))],
        description=_l(
            "One per line, such as hel.fi. People with these addresses sign in at the provider."
        ),
    )
    password_allowed = BooleanField(_l("The party's people may still sign in with a password"))
    mfa_required = BooleanField(_l("Require two-step verification at the provider"))
    mfa_acr_values = StringField(
        _l("acr values that mean two-step verification"),
        validators=[Optional(), Length(max=500)],
        description=_l("Separated by spaces. An amr of mfa, otp, hwk or swk counts without them."),
    )
    enabled = BooleanField(_l("Organisation sign-in is in use"), default=True)
    submit = SubmitField(_l("Save"))

    def validate_issuer(self, field: Any) -> None:
        parts = urlsplit((field.data or "").strip())
        secure = parts.scheme == "https" or (
            parts.scheme == "http" and (parts.hostname or "") in _LOOPBACK
        )
        if not secure or not parts.hostname or parts.query or parts.fragment:
            raise ValidationError(
                _l(
                    "Enter the issuer as an https address without a query, such as https://idp.example.fi."
                )
            )
