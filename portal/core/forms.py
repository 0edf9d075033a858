"""The base form every feature's forms extend."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, PasswordField, SelectChoice

from portal.core.errors import DomainError


def options(pairs: Iterable[tuple[Any, Any]]) -> list[SelectChoice]:
    """Choices for a select field from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


def strip_whitespace(value: Any) -> Any:
    # NUL is never typed, and PostgreSQL cannot store it in text: it goes with the spaces.
    return value.replace("\x00", "").strip() if isinstance(value, str) else value


def without_nul(value: Any) -> Any:
    """A password is taken as typed, spaces included (ASVS 6.2.8); only a NUL goes."""
    return value.replace("\x00", "") if isinstance(value, str) else value


# Dates a form accepts: wide enough for any real agreement, period or secrecy term, narrow
# enough that the rules' date arithmetic (a day or months later) stays within Python's dates.
FIRST_FORM_YEAR, LAST_FORM_YEAR = 1900, 2199


def within_bounds(value: Any) -> Any:
    """Refuse a date far outside the portal's use; drop a number that is not finite (NaN, ∞).

    A filter's ValueError becomes the field's error message, so the form comes back to the
    user instead of the rules failing on a value they cannot compute with.
    """
    if isinstance(value, date) and not FIRST_FORM_YEAR <= value.year <= LAST_FORM_YEAR:
        raise ValueError(
            _l(
                "Enter a date between the years %(first)d and %(last)d.",
                first=FIRST_FORM_YEAR,
                last=LAST_FORM_YEAR,
            )
        )
    if isinstance(value, Decimal) and not value.is_finite():
        # Not a number at all: as if none were given, so the field's own checks ask for one
        # (its range check would fail on NaN itself).
        return None
    return value


class BaseForm(FlaskForm):
    """A CSRF-protected form that trims surrounding whitespace (and NULs) from every text input
    but a password, and refuses dates and numbers that no rule can compute with."""

    class Meta:
        def bind_field(self, form: Any, unbound_field: Any, options: dict[str, Any]) -> Field:
            trim = (
                without_nul
                if issubclass(unbound_field.field_class, PasswordField)
                else strip_whitespace
            )
            filters = [trim, within_bounds, *unbound_field.kwargs.get("filters", ())]
            return unbound_field.bind(form=form, filters=filters, **options)

    def add_domain_error(self, error: DomainError) -> None:
        """Show a rule's refusal beside the field it concerns, or above the form."""
        field = self._fields.get(error.field) if error.field else None
        if field is not None:
            field.errors = [*field.errors, str(error.message)]
        else:
            self.form_errors.append(str(error.message))

    @property
    def status(self) -> int:
        """422 for a form returned with errors, so that scripts and htmx can tell."""
        return 422 if self.errors else 200
