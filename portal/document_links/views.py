"""The upload form's "belongs to" choices, asked for as a name is typed (an htmx fragment)."""

from __future__ import annotations

from flask import redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from portal.core.htmx import is_partial, render
from portal.document_links import choosing, targets
from portal.document_links.blueprint import bp


@bp.get("/documents/new/belongs-to")
def upload_choices() -> ResponseReturnValue:
    """The few objects the typed name may mean that the person may share a document for."""
    if not is_partial():
        # Without a script the name is resolved when the form is sent.
        return redirect(url_for("documents.create"), 303)
    typed = request.args.get("belongs_to_name", "").strip()[:100]
    matches = choosing.attachable(current_user, typed) if typed else []
    return render(
        "document_links/_belongs_to_choices.html",
        choices=[(t.value, targets.label(t.obj)) for t in matches],
        chosen="",
        typed=typed,
    )
