"""The public privacy notice: no sign-in, as the young people it is about never sign in."""

from __future__ import annotations

from flask import render_template
from flask_babel import get_locale

from portal.core.authz import public
from portal.privacy import service
from portal.privacy.blueprint import bp
from portal.privacy.models import NoticePart


@bp.get("/privacy")
@public
def notice() -> str:
    locale = get_locale()
    language = locale.language if locale is not None else "fi"
    return render_template(
        "privacy/notice.html",
        texts=service.texts(language),
        parts=NoticePart,
        language=language,
        controllers=service.controllers(),
    )
