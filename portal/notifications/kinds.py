"""The kinds of notification. Each feature registers the kinds it sends.

A kind's message is a translatable text with ``%(name)s`` placeholders filled from the
notification's parameters at display time, in the reader's language. Its label names the
kind on the user's e-mail preferences page.
"""

from __future__ import annotations

import re
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
    # A short name for the kind, e.g. "A party joined"; see display_label().
    label: LazyString | None = None
    # The e-mail's message when the notification is confidential. Mail leaves the portal and
    # is read on phones and forwarded, so it names no title of a confidential document.
    mail_message: LazyString | None = None

    def __str__(self) -> str:
        return self.name

    def display_label(self) -> str:
        """The label in the reader's language; without one, the message with its blanks as "…"."""
        if self.label is not None:
            return str(self.label)
        return _PLACEHOLDER.sub("…", str(self.message))


_PLACEHOLDER = re.compile(r"%\(\w+\)[sdfi]")


_kinds: dict[str, NotificationKind] = {}


def register(
    name: str,
    message: LazyString,
    *,
    label: LazyString | None = None,
    date_params: tuple[str, ...] = (),
    mail_message: LazyString | None = None,
) -> NotificationKind:
    """Declare a kind of notification; the message names its parameters as %(name)s.

    ``label`` is a short translatable name of the kind for the user's e-mail preferences;
    ``mail_message`` what the mail of a confidential notification says instead.
    """
    if name in _kinds:
        raise ValueError(f"notification kind {name!r} registered twice")
    kind = NotificationKind(name, message, date_params, label, mail_message)
    _kinds[name] = kind
    return kind


def all_kinds() -> list[NotificationKind]:
    return sorted(_kinds.values(), key=lambda k: k.name)


def get(name: str) -> NotificationKind | None:
    return _kinds.get(name)


def label_of(name: str) -> str | None:
    """The label of a registered kind, e.g. for the outbox's list; None for another name."""
    kind = _kinds.get(name)
    return kind.display_label() if kind is not None else None


def render_message(name: str, params: dict[str, Any], *, confidential: bool = False) -> str:
    """The message in the current language; ``confidential``: the words for mail."""
    kind = _kinds.get(name)
    if kind is None:
        return gettext("Notification")
    if confidential:
        if kind.mail_message is None:
            return gettext("You have a new notification in Silta.")
        return _format(kind.mail_message, kind, params)
    return _format(kind.message, kind, params)


def _format(message: LazyString, kind: NotificationKind, params: dict[str, Any]) -> str:
    shown = dict(params)
    for key in kind.date_params:
        if isinstance(shown.get(key), str):
            try:
                shown[key] = format_date(date.fromisoformat(shown[key]))
            except ValueError:
                pass
    try:
        return str(message) % shown
    except (KeyError, TypeError, ValueError):
        # A notification stored by an older version with other parameters still shows.
        return str(message)
