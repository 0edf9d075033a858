"""Checks of Finnish identifiers and contact details, usable in forms and services alike."""

from __future__ import annotations

import re

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l
from wtforms import Field, Form, ValidationError

BUSINESS_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2)
_BUSINESS_ID = re.compile(r"^(\d{7})-(\d)$")
_PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{4,30}$")
# Finnish personal identity code: DDMMYY, century sign, individual number, check character.
_IDENTITY_CODE = re.compile(r"\b\d{6}[-+A-FYXWVU]\d{3}[0-9A-Y]\b", re.IGNORECASE)


def business_id_is_valid(value: str) -> bool:
    """Check a Finnish business ID (Y-tunnus): seven digits, a dash and a check digit."""
    match = _BUSINESS_ID.match(value.strip())
    if not match:
        return False
    digits, check = match.group(1), int(match.group(2))
    remainder = sum(int(d) * w for d, w in zip(digits, BUSINESS_ID_WEIGHTS, strict=True)) % 11
    if remainder == 1:
        return False
    expected = 0 if remainder == 0 else 11 - remainder
    return check == expected


def contains_identity_code(value: str) -> bool:
    """Does the text look like it holds a personal identity code (henkilötunnus)?"""
    return bool(_IDENTITY_CODE.search(value or ""))


class BusinessId:
    def __call__(self, form: Form, field: Field) -> None:
        if field.data and not business_id_is_valid(field.data):
            raise ValidationError(
                _l(
                    "Enter a valid business ID: seven digits, a dash and a check digit, "
                    "e.g. 0116297-6."
                )
            )


def email_is_valid(value: str) -> bool:
    """Check an address's form; whether it receives mail is for the mail server to say."""
    try:
        result = validate_email(value, check_deliverability=False, globally_deliverable=False)
    except EmailNotValidError:
        return False
    return "." in result.domain


class EmailAddress:
    def __call__(self, form: Form, field: Field) -> None:
        if field.data and not email_is_valid(field.data):
            raise ValidationError(_l("Enter an e-mail address in the form name@example.fi."))


class Phone:
    def __call__(self, form: Form, field: Field) -> None:
        if field.data and not _PHONE.match(field.data.strip()):
            raise ValidationError(_l("Enter a phone number, e.g. +358 40 123 4567."))


class NoIdentityCode:
    """Refuse a personal identity code: the portal never stores one."""

    def __call__(self, form: Form, field: Field) -> None:
        if field.data and contains_identity_code(field.data):
            raise ValidationError(
                _l("Do not enter a personal identity code. Use a pseudonymous reference instead.")
            )
