"""One's own signed-in browsers: ending one, or all the others (listed on the account page)."""

from __future__ import annotations

from flask import flash, redirect, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from portal.auth import sessions
from portal.auth.blueprint import bp
from portal.auth.models import UserSession
from portal.core.authz import MANAGE, authorize, get_or_404
from portal.core.lifecycle import changes


def _to_account() -> ResponseReturnValue:
    return redirect(url_for("auth.account", _anchor="sessions"), 303)


@bp.post("/account/sessions/<int:session_id>/end")
def end_session(session_id: int) -> ResponseReturnValue:
    user_session = get_or_404(UserSession, session_id)
    authorize(MANAGE, user_session)
    with changes():
        this_browser = sessions.end(current_user, user_session)
    if this_browser:
        # Its row is gone already; the cookie goes too, as when signing out.
        locale = current_user.locale
        logout_user()
        session.clear()
        if locale:
            session["locale"] = locale
        flash(_("You have signed out."), "success")
        return redirect(url_for("auth.login"), 303)
    flash(_("The session has been ended. That browser is signed out."), "success")
    return _to_account()


@bp.post("/account/sessions/end-others")
def end_other_sessions() -> ResponseReturnValue:
    with changes():
        ended = sessions.end_others(current_user)
    if ended:
        flash(_("Your other sessions have been ended."), "success")
    else:
        flash(_("You have no other sessions."), "info")
    return _to_account()
