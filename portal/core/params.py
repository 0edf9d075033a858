"""Reading numbers and text from the address and forms so that bad input never becomes a 500.

Ids and numbers in addresses are bounded to the range of the database's integer columns: a
20-digit id would otherwise overflow PostgreSQL's ``integer`` (or SQLite's 64 bits) and fail
inside the query. An id out of range names nothing, so it is a 404 like any unknown id. A
query parameter that is malformed or out of range is ignored, as if it were not given, so
that a list falls back to its default view. Text containing NUL characters, which no person
types and PostgreSQL cannot store, is refused with 400 before any view sees it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from flask import Flask, abort, request
from werkzeug.routing import BaseConverter, Map, ValidationError

# The range of the database's ``integer`` columns (PostgreSQL's int4), which ids use.
DB_INT_MAX = 2**31 - 1
# Years a person may ask a calendar or a report for; further ones name nothing useful and
# would overflow date arithmetic at the edges of Python's dates (years 1 and 9999).
FIRST_YEAR, LAST_YEAR = 2000, 2100


class IdConverter(BaseConverter):
    """``<int:…>`` in an address: ASCII digits within the database's integer range, else 404."""

    regex = r"[0-9]{1,10}"
    weight = 50
    part_isolating = True

    def __init__(self, map: Map, min: int = 0, max: int = DB_INT_MAX) -> None:  # noqa: A002
        super().__init__(map)
        self.min, self.max = min, max

    def to_python(self, value: str) -> int:
        number = int(value)
        if not self.min <= number <= self.max:
            raise ValidationError()
        return number

    def to_url(self, value: Any) -> str:
        return str(int(value))


def parse_int(value: str | None, *, minimum: int = 0, maximum: int = DB_INT_MAX) -> int | None:
    """``value`` as a whole number within the bounds, or None if it is not one."""
    text = (value or "").strip()
    # Only ASCII digits: str.isdigit() also accepts "²" and other digits int() refuses.
    digits = text[1:] if text[:1] == "-" else text
    if not digits or len(digits) > 10 or not (digits.isascii() and digits.isdigit()):
        return None
    number = int(text)
    return number if minimum <= number <= maximum else None


def int_arg(
    name: str,
    *,
    minimum: int = 0,
    maximum: int = DB_INT_MAX,
    args: Mapping[str, str] | None = None,
) -> int | None:
    """The query parameter ``name`` as a bounded whole number, or None if missing or bad."""
    source = request.args if args is None else args
    return parse_int(source.get(name), minimum=minimum, maximum=maximum)


def id_arg(name: str, *, args: Mapping[str, str] | None = None) -> int | None:
    """The query parameter ``name`` as an id (a positive database integer), or None."""
    return int_arg(name, minimum=1, args=args)


def year_arg(name: str = "year", *, args: Mapping[str, str] | None = None) -> int | None:
    """The query parameter ``name`` as a year the portal shows, or None."""
    return int_arg(name, minimum=FIRST_YEAR, maximum=LAST_YEAR, args=args)


def clamp_date(value: date) -> date:
    """``value`` moved into the years the portal shows, so that paging from it cannot overflow."""
    if value.year < FIRST_YEAR:
        return date(FIRST_YEAR, 1, 1)
    if value.year > LAST_YEAR:
        return date(LAST_YEAR, 12, 1)
    return value


def _contains_nul(values: Any) -> bool:
    return any("\x00" in value for value in values if isinstance(value, str))


def init_app(app: Flask) -> None:
    """Bound every ``<int:…>`` of the app's addresses; refuse NUL characters with 400.

    Must run before the blueprints are registered: their rules take the converter then.
    """
    app.url_map.converters["int"] = IdConverter

    @app.before_request
    def _refuse_nul_characters() -> None:
        # A file upload's body is streamed by its view and must not be read here; the
        # forms' own filter (core.forms) takes NULs out of its text fields.
        form_values: Any = ()
        if request.mimetype == "application/x-www-form-urlencoded":
            form_values = request.form.values()
        if (
            "\x00" in request.path
            or _contains_nul(request.args.values())
            or _contains_nul(request.args.keys())
            or _contains_nul(form_values)
        ):
            abort(400)
