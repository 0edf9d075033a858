"""The kinds of notification. Each feature registers the kinds it sends.

A kind's message is a translatable text with ``%(name)s`` placeholders filled from the
notification's parameters at display time, in the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import LazyString, format_date, gettext


@dataclass(frozen=True)
class NotificationKind:
    name: str
    message: LazyString
    # Parameters stored as ISO dates and shown in the reader's own date format.
    date_params: tuple[str, ...] = ()

    def __str__(self) -> str:
        return self.name


_kinds: dict[str, NotificationKind] = {}


def register(
    name: str, message: LazyString, *, date_params: tuple[str, ...] = ()
) -> NotificationKind:
    """Declare a kind of notification; the message names its parameters as %(name)s."""
    if name in _kinds:
        raise ValueError(f"notification kind {name!r} registered twice")
    kind = NotificationKind(name, message, date_params)
    _kinds[name] = kind
    return kind


def all_kinds() -> list[NotificationKind]:
    return sorted(_kinds.values(), key=lambda k: k.name)


def render_message(name: str, params: dict[str, Any]) -> str:
    kind = _kinds.get(name)
    if kind is None:
        return gettext("Notification")
    shown = dict(params)
    for key in kind.date_params:
        if isinstance(shown.get(key), str):
            try:
                shown[key] = format_date(date.fromisoformat(shown[key]))
            except ValueError:
                pass
    try:
        return str(kind.message) % shown
    except (KeyError, TypeError, ValueError):
        # A notification stored by an older version with other parameters still shows.
        return str(kind.message)
