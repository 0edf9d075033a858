"""Two-step verification's pages: the second step of a sign-in, and one's own settings."""

from __future__ import annotations

import segno
from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    flash,
    jsonify,
    redirect,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_user

from portal.auth import held_secrets, sessions
from portal.auth.models import User
from portal.auth.second_step import passkeys, pending, service
from portal.auth.second_step.forms import CodeForm, ConfirmTotpForm, EmptyForm, PasskeyNameForm
from portal.auth.second_step.models import PendingSignIn
from portal.auth.throttle import TooManyAttempts
from portal.core.authz import public
from portal.core.errors import DomainError
from portal.core.htmx import htmx_redirect, is_htmx, render
from portal.core.lifecycle import changes
from portal.core.security import safe_next

bp = Blueprint("second_step", __name__, url_prefix="/auth/second-step")

# The cookie's keys: the sign-in waiting for its second step, a WebAuthn challenge of a
# signed-in browser, and the mark of a session that must enrol before anything else.
PENDING = "second_step_pending"
CHALLENGE = "second_step_challenge"
MUST_ENROL = "second_step_must_enrol"


@bp.after_request
def _no_store(response: Response) -> Response:
    # Keys, recovery codes and sign-in steps stay out of every cache.
    response.headers["Cache-Control"] = "no-store"
    return response


# --- Signing in: the password, then the second step ------------------------------------------


def hold_sign_in(user: User, next_url: str | None, locale: str | None) -> bool:
    """After a right password: hold the sign-in for the second step if the user has one.

    The browser is then not signed in; the cookie carries only the waiting sign-in's key.
    """
    if not service.has_second_step(user):
        return False
    session[PENDING] = pending.begin(user, next_url)
    if locale:
        session["locale"] = locale
    return True


def after_sign_in(user: User) -> None:
    """Mark a session that must enrol before it may reach anything else."""
    if service.must_enrol(user):
        session[MUST_ENROL] = True


def _pending() -> PendingSignIn | None:
    return pending.waiting(session.get(PENDING))


def _complete(row: PendingSignIn) -> str:
    """Sign the browser in after its second step; where it goes next."""
    user, next_url = row.user, row.next_url
    locale = session.get("locale")
    pending.finish(row)
    session.clear()
    if locale:
        session["locale"] = locale
    sessions.sign_in(user)
    login_user(user)
    after_sign_in(user)
    return safe_next(next_url) or url_for("dashboard.index")


def _who() -> tuple[User | None, PendingSignIn | None]:
    """Whose second step this is: a waiting sign-in's, or a signed-in user's asked again."""
    if current_user.is_authenticated:
        return current_user._get_current_object(), None
    row = _pending()
    return (row.user, row) if row is not None else (None, None)


def _expired() -> ResponseReturnValue:
    session.pop(PENDING, None)
    flash(_("The sign-in took too long. Sign in again."), "info")
    return redirect(url_for("auth.login"), 303)


@bp.route("/", methods=["GET", "POST"])
@public
def challenge() -> ResponseReturnValue:
    user, row = _who()
    if user is None:
        return _expired()
    next_url = safe_next(request.values.get("next"))
    form = CodeForm()
    if form.validate_on_submit():
        with changes(form, refusal_kept=True) as change:
            service.check_code(user, form.code.data)
            target = _complete(row) if row is not None else next_url or url_for("dashboard.index")
        if isinstance(change.error, TooManyAttempts):
            page = _challenge_page(user, form, next_url, 429)
            page.headers["Retry-After"] = str(change.error.retry_after)
            return page
        if change.ok:
            return redirect(target, 303)
    return _challenge_page(user, form, next_url, form.status)


def _challenge_page(user: User, form: CodeForm, next_url: str | None, status: int) -> Response:
    return render(
        "auth/second_step/challenge.html",
        form=form,
        next_url=next_url,
        has_passkeys=bool(passkeys.passkeys_of(user)),
        status_code=status,
    )


@bp.post("/passkey/options")
@public
def passkey_options() -> ResponseReturnValue:
    user, row = _who()
    if user is None:
        abort(404)
    options, challenge_value = passkeys.authentication_options(user)
    with changes():
        if row is not None:
            row.challenge = challenge_value
        else:
            session[CHALLENGE] = challenge_value
    return Response(options, mimetype="application/json")


@bp.post("/passkey")
@public
def passkey_sign_in() -> ResponseReturnValue:
    user, row = _who()
    if user is None:
        return jsonify(error=_("The sign-in took too long. Sign in again.")), 404
    # Each challenge is used once, whatever the answer.
    challenge_value = row.challenge if row is not None else session.pop(CHALLENGE, None)
    credential = request.get_json(silent=True)
    next_url = safe_next(request.args.get("next"))
    try:
        # A refusal commits its count and audit row, and the used challenge.
        with changes(refusal_kept=True):
            if row is not None:
                row.challenge = None
            answer = credential if isinstance(credential, dict) else {}
            passkeys.authenticate(user, answer, challenge_value)
            target = _complete(row) if row is not None else next_url or url_for("dashboard.index")
    except TooManyAttempts as error:
        return jsonify(error=str(error.message)), 429
    except DomainError as error:
        return jsonify(error=str(error.message)), 400
    return jsonify(redirect=target)


# --- One's own settings -----------------------------------------------------------------------


@bp.get("/settings")
def settings() -> ResponseReturnValue:
    user = current_user._get_current_object()
    return render(
        "auth/second_step/settings.html",
        has_totp=service.has_totp(user),
        passkey_list=passkeys.passkeys_of(user),
        unused_codes=service.unused_recovery_codes(user),
        required=service.second_step_required(user),
        must_enrol=bool(session.get(MUST_ENROL)),
        form=EmptyForm(),
        passkey_form=PasskeyNameForm(),
    )


@bp.post("/totp/start")
def start_totp() -> ResponseReturnValue:
    if EmptyForm().validate_on_submit():
        with changes():
            service.start_totp(current_user)
    return redirect(url_for("second_step.totp"), 303)


@bp.route("/totp", methods=["GET", "POST"])
def totp() -> ResponseReturnValue:
    user = current_user._get_current_object()
    secret = service.pending_totp_secret(user)
    if secret is None:
        return redirect(url_for("second_step.settings"), 303)
    form = ConfirmTotpForm()
    if form.validate_on_submit():
        with changes(form, refusal_kept=True) as change:
            codes = service.confirm_totp(user, form.code.data)
            if codes:
                held_secrets.hold_secret(user, "\n".join(codes))
        if change.ok:
            session.pop(MUST_ENROL, None)
            flash(_("The authenticator app is now your second step."), "success")
            if codes:
                return redirect(url_for("second_step.recovery_codes"), 303)
            return redirect(url_for("second_step.settings"), 303)
    qr = segno.make(service.provisioning_uri(user, secret), error="m")
    return render(
        "auth/second_step/totp.html",
        form=form,
        qr=qr.svg_data_uri(scale=5, border=2),
        key=service.grouped(secret),
        status_code=form.status,
    )


@bp.post("/recovery-codes/new")
def new_recovery_codes() -> ResponseReturnValue:
    user = current_user._get_current_object()
    if not service.has_second_step(user):
        abort(409)
    if EmptyForm().validate_on_submit():
        with changes():
            held_secrets.hold_secret(user, "\n".join(service.new_recovery_codes(user)))
    return redirect(url_for("second_step.recovery_codes"), 303)


@bp.get("/recovery-codes")
def recovery_codes() -> ResponseReturnValue:
    # Shown once: the codes are held sealed for this browser and forgotten as they are read.
    with changes():
        held = held_secrets.take_secret(current_user)
    if not held:
        return redirect(url_for("second_step.settings"), 303)
    return render("auth/second_step/recovery_codes.html", codes=held.split("\n"))


@bp.post("/passkeys/options")
def passkey_registration_options() -> ResponseReturnValue:
    # The name first: a refused name must not leave a key created on the authenticator.
    name = (request.get_json(silent=True) or {}).get("name")
    try:
        passkeys.check_name(name if isinstance(name, str) else "")
    except DomainError as error:
        return jsonify(error=str(error.message), field=error.field), 422
    options, challenge_value = passkeys.registration_options(current_user)
    session[CHALLENGE] = challenge_value
    return Response(options, mimetype="application/json")


@bp.post("/passkeys")
def add_passkey() -> ResponseReturnValue:
    data = request.get_json(silent=True) or {}
    challenge_value = session.pop(CHALLENGE, None)
    name = data.get("name")
    credential = data.get("credential")
    if not isinstance(name, str) or not isinstance(credential, dict):
        name, credential = name if isinstance(name, str) else "", {}
    try:
        with changes():
            codes = passkeys.register(current_user, name, credential, challenge_value)
            if codes:
                held_secrets.hold_secret(current_user, "\n".join(codes))
    except DomainError as error:
        return jsonify(error=str(error.message), field=error.field), 422
    session.pop(MUST_ENROL, None)
    flash(_("The key has been added."), "success")
    if codes:
        return jsonify(redirect=url_for("second_step.recovery_codes"))
    return jsonify(redirect=url_for("second_step.settings"))


@bp.post("/passkeys/<int:passkey_id>/remove")
def remove_passkey(passkey_id: int) -> ResponseReturnValue:
    if EmptyForm().validate_on_submit():
        try:
            with changes():
                passkeys.remove(current_user, passkey_id)
        except LookupError:
            abort(404)
        flash(_("The key has been removed."), "success")
    return redirect(url_for("second_step.settings"), 303)


# --- Enrolling before anything else ------------------------------------------------------------

# What a session that must enrol may still reach: enrolment itself, signing out, the language.
_OPEN_WHILE_ENROLLING = {"auth.logout", "core.choose_language", "static"}


def _enrol_first() -> ResponseReturnValue | None:
    if not session.get(MUST_ENROL) or not current_user.is_authenticated:
        return None
    endpoint = request.endpoint or ""
    if endpoint in _OPEN_WHILE_ENROLLING or endpoint.startswith("second_step."):
        return None
    target = url_for("second_step.settings")
    if is_htmx():
        return htmx_redirect(target)
    return redirect(target, 303)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.before_request(_enrol_first)
