"""The confirm page: "Confirm it's you" before what matters (see portal.auth.freshness)."""

from __future__ import annotations

from flask import Response, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from portal.auth import freshness
from portal.auth.blueprint import bp
from portal.auth.forms import ConfirmForm
from portal.auth.second_step import service as second_step
from portal.auth.throttle import TooManyAttempts
from portal.core.htmx import render
from portal.core.lifecycle import changes
from portal.core.security import safe_next


def _page(form: ConfirmForm, next_url: str | None, status_code: int) -> Response:
    return render(
        "auth/confirm.html",
        form=form,
        next_url=next_url,
        ways=freshness.ways_to_confirm(current_user),
        minutes=int(freshness.max_age().total_seconds() // 60),
        status_code=status_code,
    )


@bp.route("/account/confirm", methods=["GET", "POST"])
def confirm() -> ResponseReturnValue:
    next_url = safe_next(request.values.get("next"))
    if second_step.has_second_step(current_user):
        # A fresh sign-in of theirs would take the second step: that is what confirms it.
        return redirect(url_for("second_step.challenge", next=next_url), 303)
    form = ConfirmForm()
    if freshness.PASSWORD in freshness.ways_to_confirm(current_user) and form.validate_on_submit():
        # A refusal keeps its audit row and its count of wrong passwords.
        with changes(form, refusal_kept=True) as change:
            freshness.confirm_with_password(current_user, form.password.data)
        if isinstance(change.error, TooManyAttempts):
            page = _page(form, next_url, 429)
            page.headers["Retry-After"] = str(change.error.retry_after)
            return page
        if change.ok:
            return redirect(next_url or url_for("dashboard.index"), 303)
    return _page(form, next_url, form.status)
