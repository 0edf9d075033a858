"""The administrator keeps the notice's own words, one language at a time."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from portal.core.authz import admin_required
from portal.core.htmx import render
from portal.core.i18n import LANGUAGE_NAMES
from portal.core.lifecycle import changes
from portal.privacy import service
from portal.privacy.blueprint import bp
from portal.privacy.forms import NoticeTextsForm
from portal.privacy.models import NoticePart


@bp.route("/admin/privacy-notice/<language>", methods=["GET", "POST"])
@admin_required
def edit(language: str) -> ResponseReturnValue:
    if language not in current_app.config["LANGUAGES"]:
        abort(404)
    if request.method == "GET":
        stored = service.stored_texts(language)
        form = NoticeTextsForm(data={part.value: stored.get(part, "") for part in NoticePart})
    else:
        form = NoticeTextsForm()
    if form.validate_on_submit():
        with changes(form) as change:
            service.save(
                current_user,
                language,
                {part: form[part.value].data or "" for part in NoticePart},
            )
        if change.ok:
            flash(_("The privacy notice has been saved."), "success")
            return redirect(url_for("privacy.edit", language=language), 303)
    return render(
        "privacy/admin_form.html",
        form=form,
        language=language,
        languages=LANGUAGE_NAMES,
        status_code=form.status,
    )
