"""Signing in and out, password reset, invitations and the user's own account."""

from __future__ import annotations

from typing import Any

from flask import Response, current_app, flash, redirect, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from werkzeug.exceptions import NotFound

from portal.auth import credentials, password_changes, sessions, tokens
from portal.auth.blueprint import bp
from portal.auth.extension_points import (
    SignInElsewhere,
    sign_in_elsewhere,
    sign_out_elsewhere,
)
from portal.auth.forms import (
    ChangePasswordForm,
    LoginForm,
    NewPasswordForm,
    PasswordResetRequestForm,
    ProfileForm,
)
from portal.auth.labels import ROLE_LABELS
from portal.auth.models import Role, User
from portal.auth.second_step import views as second_step
from portal.auth.throttle import TooManyAttempts
from portal.core.authz import public
from portal.core.htmx import htmx_redirect, is_htmx, render
from portal.core.i18n import current_language
from portal.core.lifecycle import changes
from portal.core.security import safe_next


def _too_many(response: Response, error: TooManyAttempts) -> Response:
    response.headers["Retry-After"] = str(error.retry_after)
    return response


def _see_other(endpoint: str, **values: Any) -> ResponseReturnValue:
    return redirect(url_for(endpoint, **values), 303)


@bp.route("/login", methods=["GET", "POST"])
@public
def login() -> ResponseReturnValue:
    next_url = safe_next(request.values.get("next"))
    if current_user.is_authenticated:
        return redirect(next_url or url_for("dashboard.index"), 303)
    form = LoginForm()
    elsewhere = None
    if form.validate_on_submit():
        # A person whose organisation signs them in only there is sent there; the others give
        # a password, or choose their organisation's sign-in where the party offers both.
        elsewhere = sign_in_elsewhere()(form.email.data, next_url)
        if elsewhere is not None and not elsewhere.password_allowed:
            # It leads off the site: htmx must load it as a whole page, not fetch it.
            url = elsewhere.url
            return htmx_redirect(url) if is_htmx() else redirect(url, 303)
        if not form.password.data:
            if form.asked_password.data:
                form.password.errors.append(_("Enter your password."))
            return _login_page(form, next_url, elsewhere)
        user = None
        waits_for_second_step = False
        # A refusal keeps its audit row; a wrong password its count.
        with changes(form, refusal_kept=True) as change:
            user = credentials.authenticate(form.email.data, form.password.data)
            if user is not None:
                # A fresh session on every sign-in: nothing chosen before it carries over.
                locale = session.get("locale")
                session.clear()
                if user.locale is None and locale:
                    user.locale = locale
                # Two-step verification: a user with a second step is not signed in yet.
                waits_for_second_step = second_step.hold_sign_in(user, next_url, locale)
                if not waits_for_second_step:
                    sessions.sign_in(user)
                    login_user(user)
                    second_step.after_sign_in(user)
        if isinstance(change.error, TooManyAttempts):
            page = _login_page(form, next_url, elsewhere, status_code=429)
            return _too_many(page, change.error)
        if change.ok and waits_for_second_step:
            return _see_other("second_step.challenge")
        if change.ok and user is not None:
            return redirect(next_url or url_for("dashboard.index"), 303)
        if change.ok:
            form.password.errors.append(_("The e-mail address or the password is wrong."))
    return _login_page(form, next_url, elsewhere)


def _login_page(
    form: LoginForm,
    next_url: str | None,
    elsewhere: SignInElsewhere | None = None,
    status_code: int = 0,
) -> Response:
    """The first step asks for the e-mail address; once it is known, for the password."""
    ask_password = bool(form.email.data) and not form.email.errors
    form.asked_password.data = "1" if ask_password else ""
    return render(
        "auth/login.html",
        form=form,
        next_url=next_url,
        ask_password=ask_password,
        elsewhere=elsewhere,
        status_code=status_code or form.status,
    )


@bp.post("/logout")
def logout() -> ResponseReturnValue:
    # The language stays as chosen: the sign-in page that follows speaks it too.
    locale = current_user.locale or session.get("locale")
    with changes():
        sessions.end_session(current_user)
    # Where the organisation's provider ends its own session, read before the session is cleared.
    elsewhere = sign_out_elsewhere()()
    logout_user()
    session.clear()
    if locale:
        session["locale"] = locale
    flash(_("You have signed out."), "success")
    if elsewhere is not None:
        # Outside the portal: htmx must load it as a whole page, not fetch it.
        return htmx_redirect(elsewhere) if is_htmx() else redirect(elsewhere, 303)
    # The confirm page signs a person without a password out to sign in again, then back.
    return _see_other("auth.login", next=safe_next(request.form.get("next")))


@bp.route("/password/reset", methods=["GET", "POST"])
@public
def request_password_reset() -> ResponseReturnValue:
    form = PasswordResetRequestForm()
    if form.validate_on_submit():
        with changes(form, refusal_kept=True) as change:
            password_changes.request_password_reset(form.email.data)
        if isinstance(change.error, TooManyAttempts):
            page = render("auth/reset_request.html", form=form, status_code=429)
            return _too_many(page, change.error)
        flash(
            _(
                "If the address belongs to an account, a link for choosing a new password is on "
                "its way. Check your e-mail."
            ),
            "success",
        )
        return _see_other("auth.login")
    return render("auth/reset_request.html", form=form, status_code=form.status)


def _user_from_link(token: str, purpose: str) -> User:
    max_age = current_app.config[
        "PASSWORD_RESET_MAX_AGE" if purpose == tokens.PASSWORD_RESET else "INVITATION_MAX_AGE"
    ]
    user = tokens.read_token(token, purpose, max_age)
    if user is None:
        raise NotFound()
    return user


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@public
def reset_password(token: str) -> ResponseReturnValue:
    user = _user_from_link(token, tokens.PASSWORD_RESET)
    form = NewPasswordForm(email=user.email, name=user.name)
    if form.validate_on_submit():
        with changes():
            password_changes.set_password_from_link(
                user, form.password.data, purpose=tokens.PASSWORD_RESET
            )
        flash(_("Your password has been changed. Sign in with the new password."), "success")
        return _see_other("auth.login")
    return render("auth/reset_password.html", form=form, user=user, status_code=form.status)


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@public
def accept_invitation(token: str) -> ResponseReturnValue:
    user = _user_from_link(token, tokens.INVITATION)
    form = NewPasswordForm(email=user.email, name=user.name)
    if form.validate_on_submit():
        with changes():
            password_changes.set_password_from_link(
                user, form.password.data, purpose=tokens.INVITATION
            )
        flash(
            _("Welcome to Silta. Sign in with your e-mail address and the new password."), "success"
        )
        return _see_other("auth.login")
    return render("auth/invitation.html", form=form, user=user, status_code=form.status)


@bp.route("/account", methods=["GET", "POST"])
def account() -> ResponseReturnValue:
    form = ProfileForm(
        data={
            "name": current_user.name,
            "title": current_user.title,
            "phone": current_user.phone,
            "locale": current_user.locale or current_language(),
        }
    )
    if form.validate_on_submit():
        with changes():
            current_user.name = form.name.data
            current_user.title = form.title.data or ""
            current_user.phone = form.phone.data or ""
            current_user.locale = form.locale.data
        session["locale"] = form.locale.data
        flash(_("Your details have been saved."), "success")
        return _see_other("auth.account")
    return render(
        "auth/account.html",
        form=form,
        sessions=sessions.sessions_of(current_user),
        this_session=sessions.current_session(current_user),
        browser_label=sessions.browser_label,
        status_code=form.status,
    )


@bp.route("/account/password", methods=["GET", "POST"])
def change_password() -> ResponseReturnValue:
    form = ChangePasswordForm(email=current_user.email, name=current_user.name)
    if form.validate_on_submit():
        # Nothing is changed before a refusal but the count of wrong passwords, which must stay.
        with changes(form, refusal_kept=True) as change:
            password_changes.change_password(
                current_user, form.current_password.data, form.password.data
            )
            # The session key changed with the password; store the new one in the cookie.
            login_user(current_user._get_current_object())
        if isinstance(change.error, TooManyAttempts):
            page = render("auth/change_password.html", form=form, status_code=429)
            return _too_many(page, change.error)
        if change.ok:
            flash(
                _("Your password has been changed. Your other sessions have been signed out."),
                "success",
            )
            return _see_other("auth.account")
    return render("auth/change_password.html", form=form, status_code=form.status)


@bp.app_template_global()
def role_label(role: Role) -> str:
    return str(ROLE_LABELS[role])
