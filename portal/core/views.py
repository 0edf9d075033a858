"""Pages that belong to no feature: language choice, the audit log, accessibility statement.

The health checks are in :mod:`portal.core.observability.health`.
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from flask import (
    Blueprint,
    current_app,
    redirect,
    render_template,
    request,
    session,
)
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy.orm import selectinload
from werkzeug.exceptions import BadRequest

from portal.core.audit import (
    EVENT_LABELS,
    AuditEvent,
    detail_label,
    detail_value,
    event_label,
    outcome_label,
    target_label,
)
from portal.core.authz import admin_required, public
from portal.core.htmx import render
from portal.core.keyset import newest_first
from portal.core.lifecycle import changes
from portal.core.security import safe_next

bp = Blueprint("core", __name__)
log = logging.getLogger(__name__)


@bp.post("/language")
@public
def choose_language() -> ResponseReturnValue:
    locale = request.form.get("locale", "")
    if locale not in current_app.config["LANGUAGES"]:
        raise BadRequest()
    session["locale"] = locale
    if current_user.is_authenticated:
        with changes():
            current_user.locale = locale
    return redirect(safe_next(request.form.get("next")) or "/", 303)


@bp.get("/admin/audit")
@admin_required
def audit_log() -> ResponseReturnValue:
    """The security events, newest first, filtered by kind and person."""
    event = request.args.get("event", "")
    person = request.args.get("person", "").strip().lower()[:254]
    # The request id that an error page showed as its incident number.
    incident = request.args.get("incident", "").strip().lower()[:64]
    stmt = sa.select(AuditEvent).options(
        selectinload(AuditEvent.actor), selectinload(AuditEvent.actor_party)
    )
    if event:
        stmt = stmt.where(AuditEvent.event == event)
    if person:
        stmt = stmt.where(AuditEvent.actor_email.like(f"%{person}%"))
    if incident:
        stmt = stmt.where(AuditEvent.request_id == incident)
    # By the chain's sequence, which follows the time of recording: the newest first, paged by
    # it, so that no page counts or skips the whole log.
    page = newest_first(stmt, AuditEvent.seq)
    return render(
        "core/audit_log.html",
        block="results",
        page=page,
        event=event,
        person=person,
        incident=incident,
        events=sorted(EVENT_LABELS, key=event_label),
        event_label=event_label,
        target_label=target_label,
        outcome_label=outcome_label,
        detail_label=detail_label,
        detail_value=detail_value,
    )


@bp.get("/accessibility")
@public
def accessibility() -> str:
    return render_template("core/accessibility.html")
