"""The front page: what waits for the user, what is coming, what is new, and the basics.

The view is thin: each feature gives its own items (see :mod:`portal.dashboard.sections`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import redirect, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from portal.catalogue import queries as catalogue
from portal.catalogue.service import review_months
from portal.core.authz import visible
from portal.core.htmx import is_partial, render
from portal.core.lifecycle import changes
from portal.core.observability import heartbeat
from portal.dashboard import service
from portal.dashboard.blueprint import bp
from portal.dashboard.sections import Section, Window, groups
from portal.extensions import db
from portal.notifications.models import Notification
from portal.parties import service as parties


def _new_context(window: Window, seen_at: datetime | None) -> dict[str, Any]:
    return {
        "new": groups(Section.NEW, current_user, window),
        "window": window,
        "new_marked": seen_at is not None,
    }


def _worker_state() -> dict[str, Any]:
    """For the administrator: has the outbox worker stopped doing its rounds?"""
    if not current_user.is_admin:
        return {"worker_stale": False}
    return {
        "worker_stale": heartbeat.is_stale(heartbeat.OUTBOX),
        "worker_last_beat": heartbeat.last_beat(heartbeat.OUTBOX),
    }


@bp.get("/")
def index() -> ResponseReturnValue:
    seen_at, _unread = service.seen_and_unread(current_user)
    window = service.window_for(current_user, seen_at=seen_at)
    agreement, agreement_state = parties.current_agreement_and_status()
    latest = db.session.scalars(
        visible(Notification)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .limit(5)
    ).all()
    return render(
        "dashboard/index.html",
        **_worker_state(),
        agreement=agreement,
        agreement_state=agreement_state,
        party=current_user.party,
        notifications=latest,
        reports_due=catalogue.due_for_review(current_user),
        review_months=review_months(),
        waiting=groups(Section.WAITING, current_user, window),
        coming=groups(Section.COMING, current_user, window),
        **_new_context(window, seen_at),
    )


@bp.post("/new/seen")
def mark_new_seen() -> ResponseReturnValue:
    """Mark everything new as seen: the "New" section lists only what comes after."""
    with changes():
        service.mark_new_seen(current_user)
    if is_partial():
        seen_at = service.seen_at(current_user)
        window = service.window_for(current_user, seen_at=seen_at)
        return render(
            "dashboard/index.html", block="new", just_marked=True, **_new_context(window, seen_at)
        )
    return redirect(url_for("dashboard.index"), 303)
