"""The user's notifications: list, open (marks read), mark all read, and e-mail preferences."""

from __future__ import annotations

from datetime import time

from flask import current_app, flash, redirect, url_for
from flask.typing import ResponseReturnValue
from flask_babel import format_time
from flask_babel import gettext as _
from flask_login import current_user

from portal.core.authz import get_or_404, visible
from portal.core.htmx import render
from portal.core.lifecycle import changes
from portal.core.pagination import paginate
from portal.core.security import safe_next
from portal.notifications import service
from portal.notifications.blueprint import bp
from portal.notifications.forms import preferences_form
from portal.notifications.kinds import all_kinds
from portal.notifications.models import Notification


@bp.get("/")
def index() -> ResponseReturnValue:
    page = paginate(
        visible(Notification).order_by(Notification.created_at.desc(), Notification.id.desc())
    )
    return render("notifications/index.html", block="results", page=page)


@bp.get("/<int:notification_id>")
def open_notification(notification_id: int) -> ResponseReturnValue:
    """Mark the notification read and go to what it is about."""
    notification = get_or_404(Notification, notification_id)
    with changes():
        service.mark_read(notification)
    return redirect(safe_next(notification.link) or url_for("notifications.index"), 303)


@bp.post("/read")
def mark_all_read() -> ResponseReturnValue:
    with changes():
        service.mark_all_read(current_user)
    return redirect(url_for("notifications.index"), 303)


@bp.route("/preferences", methods=["GET", "POST"])
def preferences() -> ResponseReturnValue:
    """The user's choice, per kind, of e-mail at once, a daily digest or the portal only."""
    kinds = all_kinds()
    form = preferences_form(kinds, service.preferences_of(current_user))
    if form.validate_on_submit():
        with changes():
            service.save_preferences(current_user, form.choices())
        flash(_("Your e-mail choices have been saved."), "success")
        return redirect(url_for("notifications.preferences"), 303)
    return render(
        "notifications/preferences.html",
        form=form,
        digest_time=format_time(time(current_app.config["DIGEST_HOUR"]), "short", rebase=False),
        status_code=form.status,
    )
