"""The administrator's view of the outbox: what waits, what was sent, what failed and why."""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from portal.core.authz import MANAGE, admin_required, authorize, get_or_404, visible
from portal.core.htmx import render
from portal.core.lifecycle import changes
from portal.core.pagination import paginate
from portal.outbox import labels, service
from portal.outbox.blueprint import bp
from portal.outbox.models import OutboxMessage, OutboxStatus


def _status_filter() -> OutboxStatus | None:
    value = request.values.get("status", "")
    return OutboxStatus(value) if value in OutboxStatus.__members__.values() else None


def _back() -> ResponseReturnValue:
    status = _status_filter()
    return redirect(url_for("outbox.index", status=status.value if status else None), 303)


@bp.get("/")
@admin_required
def index() -> ResponseReturnValue:
    """The messages, newest first, with the number in each state."""
    status = _status_filter()
    stmt = visible(OutboxMessage)
    if status is not None:
        stmt = stmt.where(OutboxMessage.status == status)
    page = paginate(stmt.order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc()))
    counts = service.counts()
    return render(
        "outbox/index.html",
        block="results",
        page=page,
        status=status,
        counts=counts,
        failed_count=counts[OutboxStatus.FAILED],
        statuses=list(OutboxStatus),
        status_label=labels.status_label,
        purpose_label=labels.purpose_label,
    )


@bp.post("/<int:message_id>/requeue")
@admin_required
def requeue(message_id: int) -> ResponseReturnValue:
    message = get_or_404(OutboxMessage, message_id)
    authorize(MANAGE, message)
    with changes():
        service.requeue(current_user, message)
    flash(_("The message is queued again and will be sent shortly."), "success")
    return _back()


@bp.post("/requeue-failed")
@admin_required
def requeue_failed() -> ResponseReturnValue:
    with changes():
        count = service.requeue_all_failed(current_user)
    flash(
        ngettext(
            "%(num)d failed message is queued again.",
            "%(num)d failed messages are queued again.",
            count,
        ),
        "success",
    )
    return _back()
