"""Signing in with the organisation's account over OpenID Connect.

The administrator gives a party an identity provider; a person at one of the domains it
vouches for signs in there instead of with a password. The package plugs into the sign-in
page and sign-out through :mod:`portal.auth.extension_points`.
"""

from flask import Flask

from portal.auth import extension_points as sign_in
from portal.core.extension_points import panels


def init_app(app: Flask) -> None:
    from portal.identity import admin, admission, views  # noqa: F401
    from portal.identity.blueprint import bp

    # Seconds the portal waits for the provider; the clock difference a token may show.
    app.config.setdefault("IDENTITY_PROVIDER_TIMEOUT", 10)
    app.config.setdefault("IDENTITY_CLOCK_LEEWAY", 60)
    app.register_blueprint(bp)
    sign_in.sign_in_elsewhere.plug(views.sign_in_elsewhere)
    sign_in.password_refusal.plug(admission.password_refusal)
    sign_in.sign_out_elsewhere.plug(views.end_session_url)
    panels.add("parties.detail.actions", "identity/_party_action.html")
