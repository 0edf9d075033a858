"""The user's notifications: list, open (marks read) and mark all read."""

from __future__ import annotations

from flask import redirect, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from portal.core.authz import get_or_404, visible
from portal.core.htmx import render
from portal.core.pagination import paginate
from portal.core.security import safe_next
from portal.extensions import db
from portal.notifications import bp, service
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
    service.mark_read(notification)
    db.session.commit()
    return redirect(safe_next(notification.link) or url_for("notifications.index"), 303)


@bp.post("/read")
def mark_all_read() -> ResponseReturnValue:
    service.mark_all_read(current_user)
    db.session.commit()
    return redirect(url_for("notifications.index"), 303)
