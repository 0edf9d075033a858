"""The base form every feature's forms extend."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask_wtf import FlaskForm
from wtforms import Field, SelectChoice

from portal.core.errors import DomainError


def options(pairs: Iterable[tuple[Any, Any]]) -> list[SelectChoice]:
    """Choices for a select field from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


def strip_whitespace(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


class BaseForm(FlaskForm):
    """A CSRF-protected form that trims surrounding whitespace from every text input."""

    class Meta:
        def bind_field(self, form: Any, unbound_field: Any, options: dict[str, Any]) -> Field:
            filters = [strip_whitespace, *unbound_field.kwargs.get("filters", ())]
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
