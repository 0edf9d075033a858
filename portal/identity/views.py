"""Signing in with the organisation's account: off to the provider, and back with its word."""

from __future__ import annotations

from typing import Any

from authlib.common.security import generate_token
from flask import current_app, redirect, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_user
from werkzeug.exceptions import NotFound

from portal.auth import credentials, sessions
from portal.auth.extension_points import SignInElsewhere
from portal.core import audit
from portal.core.authz import public
from portal.core.htmx import render
from portal.core.lifecycle import changes
from portal.core.security import safe_next
from portal.core.urls import public_url
from portal.extensions import db
from portal.identity import admission, service
from portal.identity import client as oidc
from portal.identity.blueprint import bp
from portal.identity.models import IdentityProvider

# The sign-in under way in this browser: which provider, and where to go afterwards.
PENDING = "identity_pending"
# What signing out needs to end the provider's session too.
SIGNED_IN_AT = "identity_signed_in"


@bp.get("/auth/organisation")
@public
def start() -> ResponseReturnValue:
    """Send the person to the provider that vouches for their address's domain."""
    email = request.args.get("email", "")
    provider = service.provider_for_email(email)
    if provider is None:
        raise NotFound()
    try:
        client = oidc.client_for(provider)
        oidc.metadata(client, provider)
        response = client.authorize_redirect(
            public_url("identity.callback"),
            nonce=generate_token(32),
            login_hint=credentials.normalise_email(email),
        )
    except oidc.FAILURES as error:
        current_app.logger.warning("identity provider %s unusable: %r", provider.id, error)
        with changes():
            refusal = admission.refuse(provider, "provider_unusable", error=type(error).__name__)
        return _refused(refusal, status=502)
    session[PENDING] = {"provider": provider.id, "next": safe_next(request.args.get("next"))}
    return response


@bp.get("/auth/organisation/callback")
@public
def callback() -> ResponseReturnValue:
    pending = session.pop(PENDING, None)
    provider = db.session.get(IdentityProvider, pending["provider"]) if pending else None
    if provider is None or not provider.enabled:
        return _refused(None)
    user = None
    try:
        with changes(refusal_kept=True):
            user = _sign_in(provider)
    except admission.SignInRefused as refusal:
        return _refused(refusal)
    assert user is not None
    return redirect(pending["next"] or url_for("dashboard.index"), 303)


def _sign_in(provider: IdentityProvider) -> Any:
    try:
        client = oidc.client_for(provider)
        token = oidc.verified_token(client, provider)
    except oidc.FAILURES as error:
        # Why exactly stays in the log for the operator; the person is told to start again.
        raise admission.refuse(provider, _reason(error), error=type(error).__name__) from error
    claims = dict(token["userinfo"])
    user = admission.person_for(provider, claims)
    # A fresh session on every sign-in: nothing chosen before it carries over.
    locale = session.get("locale")
    session.clear()
    sessions.sign_in(user)
    audit.record(
        "login.organisation",
        actor=user,
        target=provider,
        issuer=provider.issuer,
        amr=" ".join(str(m) for m in claims.get("amr") or []),
        acr=str(claims.get("acr") or ""),
    )
    if user.locale is None and locale:
        user.locale = locale
    login_user(user)
    session[SIGNED_IN_AT] = {"provider": provider.id, "id_token": token["id_token"]}
    return user


def _reason(error: Exception) -> str:
    """The audit's word for a failed answer: the error's name, such as mismatching_state."""
    return str(getattr(error, "error", "") or type(error).__name__)[:60]


def _refused(refusal: admission.SignInRefused | None, status: int = 403) -> ResponseReturnValue:
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"), 303)
    return render(
        "identity/refused.html",
        message=refusal.message if refusal is not None else None,
        status_code=status,
    )


def end_session_url() -> str | None:
    """Where the provider ends its session, with the ID token as a hint, if it offers that."""
    signed_in = session.get(SIGNED_IN_AT)
    if not signed_in:
        return None
    provider = db.session.get(IdentityProvider, signed_in["provider"])
    if provider is None:
        return None
    try:
        client = oidc.client_for(provider)
        if not oidc.metadata(client, provider).get("end_session_endpoint"):
            return None
        url: str = client.create_logout_url(
            post_logout_redirect_uri=public_url("auth.login"),
            id_token_hint=signed_in["id_token"],
            client_id=provider.client_id,
        )["url"]
    except oidc.FAILURES as error:
        current_app.logger.warning("identity provider %s: no end session: %r", provider.id, error)
        return None
    return url


def sign_in_elsewhere(email: str, next_url: str | None) -> SignInElsewhere | None:
    """The way to the provider for an address at a domain it vouches for.

    Decided by the domain alone, never by whether an account exists, so it tells nobody who
    has one.
    """
    provider = service.provider_for_email(email)
    if provider is None:
        return None
    url = url_for("identity.start", email=email, next=next_url)
    return SignInElsewhere(url, provider.password_allowed)
