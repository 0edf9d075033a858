"""The administrator resets a person's two-step verification, e.g. after a lost phone."""

from __future__ import annotations

from flask import Flask, flash, redirect, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from portal.auth.blueprint import admin_bp
from portal.auth.models import User
from portal.auth.second_step import reset, service
from portal.auth.second_step.forms import EmptyForm
from portal.core.authz import admin_required, get_or_404
from portal.core.lifecycle import changes


@admin_bp.post("/<int:user_id>/second-step/reset")
@admin_required
def reset_second_step(user_id: int) -> ResponseReturnValue:
    user = get_or_404(User, user_id)
    if EmptyForm().validate_on_submit():
        with changes():
            reset.reset(current_user, user)
        flash(
            _(
                "The two-step verification of %(name)s has been reset and their sessions "
                "ended. They and their party's coordinators have been told by e-mail.",
                name=user.name,
            ),
            "success",
        )
    return redirect(url_for("accounts.edit", user_id=user.id), 303)


def init_app(app: Flask) -> None:
    # The account page shows the person's second step and the reset button.
    app.jinja_env.globals["second_step_of"] = _summary


def _summary(user: User) -> dict[str, object]:
    return {
        "enrolled": service.has_second_step(user),
        "required": service.second_step_required(user),
        "resettable": service.has_second_step(user) or service.unused_recovery_codes(user) > 0,
    }
