"""Language choice and locale-aware formatting of dates, times and money.

Finnish is the default. A signed-in user's choice is stored on their account; before
signing in it is kept in the session; otherwise the browser's preference decides.
Times are stored in UTC and shown in Europe/Helsinki.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import flask_babel
from flask import Flask, Response, current_app, g, request, session
from flask_babel import (
    format_currency,
    format_date,
    format_datetime,
    format_decimal,
    format_time,
    get_locale,
)
from flask_login import current_user

# The portal's wall clock: the day a moment falls on is the day in Helsinki.
from portal.core.dates import HELSINKI as HELSINKI

LANGUAGE_NAMES = {"fi": "Suomi", "sv": "Svenska", "en": "English"}
# The locale each language is written in. Plain English in Babel is US English, which writes
# 6 December as "12/6/26" and the time with AM/PM: a Finnish reader takes that for 12 June.
# English in Finland is written day-month-year with the 24-hour clock, as in British English.
# The messages stay those of "en" (gettext falls back from en_GB to en).
LOCALES = {"fi": "fi", "sv": "sv", "en": "en_GB"}


def babel_locale(language: str) -> str:
    """The Babel locale that formats dates, times and numbers for a language."""
    return LOCALES.get(language, language)


@contextmanager
def force_locale(language: str) -> Iterator[None]:
    """Texts, dates and numbers in a given language (for mail, feeds, the command line)."""
    with flask_babel.force_locale(babel_locale(language)):
        yield


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    for choice in (getattr(current_user, "locale", None), session.get("locale")):
        if choice in languages:
            return babel_locale(str(choice))
    return babel_locale(
        request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]
    )


def current_language() -> str:
    locale = get_locale()
    return locale.language if locale else "fi"


def money(value: Decimal | float | int | None) -> str:
    """An amount in euros, as the reader's locale writes it (e.g. 45,00 €)."""
    if value is None:
        return ""
    return format_currency(value, "EUR")


def local_date(value: date | datetime | None, fmt: str = "medium") -> str:
    if value is None:
        return ""
    return format_date(value, fmt)


def local_datetime(value: datetime | None, fmt: str = "medium") -> str:
    if value is None:
        return ""
    return format_datetime(value, fmt)


def local_time(value: datetime | None, fmt: str = "short") -> str:
    if value is None:
        return ""
    return format_time(value, fmt)


def number(value: Any) -> str:
    return "" if value is None else format_decimal(value)


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(
        money=money,
        local_date=local_date,
        local_datetime=local_datetime,
        local_time=local_time,
        number=number,
    )

    @app.context_processor
    def _language_context() -> dict[str, Any]:
        return {"current_language": current_language(), "language_names": LANGUAGE_NAMES}

    @app.after_request
    def _remember_language(response: Response) -> Response:
        # The account's language is kept in the session cookie too, so that the page saying
        # the database is unreachable (when the account cannot be read) speaks it as well.
        # Only a user this request already loaded is asked: no query is added for it.
        locale = getattr(g.get("_login_user"), "locale", None)
        if locale in current_app.config["LANGUAGES"] and session.get("locale") != locale:
            session["locale"] = locale
        return response
