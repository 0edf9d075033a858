"""Addresses of the portal for links that leave the browser: mail, calendar files and feeds.

They are built from ``PORTAL_PUBLIC_URL`` and never from the request: the Host header (and
X-Forwarded-Host) is chosen by the client, and a password-reset link built from it would send
the token to whoever forged it.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import current_app, has_request_context, url_for


def public_url(endpoint: str, **values: Any) -> str:
    """The absolute address of an endpoint at the portal's public address."""
    public = urlsplit(current_app.config["PUBLIC_URL"])
    adapter = current_app.url_map.bind(
        public.netloc, script_name=public.path or "/", url_scheme=public.scheme
    )
    return adapter.build(endpoint, values, force_external=True)


def public_link(path: str) -> str:
    """The absolute address of a path of the portal, such as a notification's link."""
    return current_app.config["PUBLIC_URL"].rstrip("/") + "/" + path.lstrip("/")


def path_for(endpoint: str, **values: Any) -> str:
    """url_for's path, also in the worker, which has no request to take a host from."""
    if has_request_context():
        return url_for(endpoint, **values)
    return current_app.url_map.bind("localhost").build(endpoint, values)
