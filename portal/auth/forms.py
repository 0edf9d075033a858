"""Forms for signing in, passwords, one's own account and the administrator's account management."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    PasswordField,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.validators import EqualTo, InputRequired, Length, Optional, ValidationError

from portal.auth.labels import ROLE_LABELS
from portal.auth.models import Role
from portal.auth.passwords import password_problems
from portal.core.forms import BaseForm, options
from portal.core.i18n import LANGUAGE_NAMES
from portal.core.validators import EmailAddress, Phone


class LoginForm(BaseForm):
    """The e-mail address first; the password only for those not sent to their organisation.

    Both may come in one post (a password manager, a script): the view decides.
    """

    email = EmailField(_l("E-mail"), validators=[InputRequired(_l("Enter your e-mail address."))])
    password = PasswordField(_l("Password"), validators=[Optional()])
    # Set once the page has asked for the password: an empty one is then an error.
    asked_password = HiddenField()
    proceed = SubmitField(_l("Continue"))
    submit = SubmitField(_l("Sign in"))


class ConfirmForm(BaseForm):
    """Confirm who you are with your password, before something that matters."""

    password = PasswordField(_l("Password"), validators=[InputRequired(_l("Enter your password."))])
    submit = SubmitField(_l("Confirm"))


class PasswordResetRequestForm(BaseForm):
    email = EmailField(
        _l("E-mail"),
        validators=[
            InputRequired(_l("Enter your e-mail address.")),
            EmailAddress(),
        ],
    )
    submit = SubmitField(_l("Send the link"))


class NewPasswordForm(BaseForm):
    """Choose a password; the account's e-mail and name are refused as parts of it."""

    password = PasswordField(
        _l("New password"),
        validators=[InputRequired(_l("Enter a new password."))],
        description=_l("At least 12 characters. A few unrelated words are easy to remember."),
    )
    confirm = PasswordField(
        _l("New password again"),
        validators=[
            InputRequired(_l("Enter the new password again.")),
            EqualTo("password", _l("The passwords do not match.")),
        ],
    )
    submit = SubmitField(_l("Save the password"))

    def __init__(self, *args: Any, email: str = "", name: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._email = email
        self._name = name

    def validate_password(self, field: Any) -> None:
        problems = password_problems(field.data or "", email=self._email, name=self._name)
        if problems:
            raise ValidationError(" ".join(str(p) for p in problems))


class ChangePasswordForm(NewPasswordForm):
    current_password = PasswordField(
        _l("Current password"), validators=[InputRequired(_l("Enter your current password."))]
    )


class ProfileForm(BaseForm):
    name = StringField(
        _l("Name"), validators=[InputRequired(_l("Enter your name.")), Length(max=200)]
    )
    title = StringField(_l("Title"), validators=[Optional(), Length(max=200)])
    phone = StringField(_l("Phone"), validators=[Optional(), Phone(), Length(max=40)])
    locale = SelectField(_l("Language"), choices=options(LANGUAGE_NAMES.items()))
    submit = SubmitField(_l("Save"))


class AccountForm(BaseForm):
    """The administrator's form for creating and editing an account."""

    name = StringField(
        _l("Name"), validators=[InputRequired(_l("Enter the person's name.")), Length(max=200)]
    )
    email = EmailField(
        _l("E-mail"),
        validators=[
            InputRequired(_l("Enter the person's e-mail address.")),
            EmailAddress(),
            Length(max=254),
        ],
    )
    title = StringField(_l("Title"), validators=[Optional(), Length(max=200)])
    phone = StringField(_l("Phone"), validators=[Optional(), Phone(), Length(max=40)])
    party_id = SelectField(
        _l("Party"),
        coerce=int,
        validate_choice=True,
        description=_l("A portal administrator belongs to no party."),
    )
    role = SelectField(
        _l("Role"),
        choices=options((role.value, label) for role, label in ROLE_LABELS.items()),
        default=Role.STAFF.value,
    )
    unit_id = SelectField(
        _l("Coordinator for unit"),
        coerce=int,
        description=_l("Only for coordinators named for one field or site."),
    )
    active = BooleanField(_l("The account is active"), default=True)
    send_invitation = BooleanField(_l("Send an invitation by e-mail now"), default=True)
    submit = SubmitField(_l("Save"))
