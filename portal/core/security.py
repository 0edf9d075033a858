"""Response headers, and the rule for where ``next=`` may send a user."""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

from flask import Flask, Response, request
from flask.sessions import SecureCookieSessionInterface
from flask_login import current_user

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def safe_next(target: str | None) -> str | None:
    """Return ``target`` if it is a path on this site, else None.

    Only a plain absolute path is accepted: no scheme, no host, no ``//host`` or ``/\\host``
    shorthand that browsers would read as another site.
    """
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    if any(ch in target for ch in "\\\r\n\t") or any(ord(ch) < 32 for ch in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


class SessionCookie(SecureCookieSessionInterface):
    """The session cookie signed with HMAC-SHA-256 rather than Flask's default SHA-1."""

    digest_method = staticmethod(hashlib.sha256)


def init_app(app: Flask) -> None:
    app.session_interface = SessionCookie()

    @app.after_request
    def _security_headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if app.config["SESSION_COOKIE_SECURE"]:
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        # Pages of signed-in users may carry personal or confidential data, and the account
        # pages (sign-in, reset and invitation links, passwords) secrets even before signing
        # in: keep them out of shared caches and the browser's back-forward cache.
        if request.endpoint != "static" and (
            current_user.is_authenticated or request.blueprint == "auth"
        ):
            headers.setdefault("Cache-Control", "no-store")
        return response
