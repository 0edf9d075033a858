"""The front page: the agreement's state, the user's party and the latest notifications."""

from __future__ import annotations

from flask.typing import ResponseReturnValue
from flask_login import current_user

from portal.catalogue import queries as catalogue
from portal.catalogue.service import review_months
from portal.core.authz import visible
from portal.core.htmx import render
from portal.dashboard import bp
from portal.extensions import db
from portal.notifications.models import Notification
from portal.parties import service as parties


@bp.get("/")
def index() -> ResponseReturnValue:
    agreement = parties.current_agreement()
    latest = db.session.scalars(
        visible(Notification)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .limit(5)
    ).all()
    return render(
        "dashboard/index.html",
        agreement=agreement,
        agreement_state=parties.agreement_status(agreement),
        party=current_user.party,
        notifications=latest,
        reports_due=catalogue.due_for_review(current_user),
        review_months=review_months(),
    )
