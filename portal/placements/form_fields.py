"""Fields the forms of placements (and of the features built on them) share: texts that
never hold an identity code, and a person chosen among portal users or typed by name."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from portal.core.validators import NoIdentityCode

if TYPE_CHECKING:
    from portal.auth.models import User


def text_field(label: Any, required: str | None = None, max_length: int = 4000, **kw: Any) -> Any:
    validators: list[Any] = [InputRequired(required)] if required else [Optional()]
    validators += [Length(max=max_length), NoIdentityCode()]
    return TextAreaField(label, validators=validators, **kw)


def line_field(label: Any, required: str | None = None, max_length: int = 200, **kw: Any) -> Any:
    validators: list[Any] = [InputRequired(required)] if required else [Optional()]
    validators += [Length(max=max_length), NoIdentityCode()]
    return StringField(label, validators=validators, **kw)


def person_id(value: Any) -> int | None:
    """The chosen person's id, or None for "not a portal user"."""
    if value is None or value == "" or value == "None":
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def person_field(label: Any, **kw: Any) -> Any:
    """A person chosen among the portal users the view offers (:func:`person_choices`). Who
    may be named is the service's rule, with its own message, so the choice is not checked
    against the list here."""
    return SelectField(label, coerce=person_id, validate_choice=False, **kw)


def person_choices(people: list[User], current: tuple[int | None, str] = (None, "")) -> list[Any]:
    """The people offered for a role: "not chosen" first, the person already named kept."""
    choices: list[Any] = [("", _l("Not chosen – type the name below"))]
    choices += [(str(p.id), f"{p.name}, {p.title}" if p.title else p.name) for p in people]
    chosen, name = current
    if chosen is not None and str(chosen) not in {c[0] for c in choices}:
        choices.append((str(chosen), name))
    return choices


def optional_id(value: Any) -> int | None:
    """The chosen row's id, or None for "not chosen"."""
    if value is None or value == "":
        return None
    return int(value)
