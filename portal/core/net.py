"""The client's address, as the audit log and the sign-in throttle see it."""

from __future__ import annotations

from flask import request


def client_address() -> str:
    """Return the remote address; behind a trusted proxy ProxyFix has already rewritten it."""
    return request.remote_addr or "unknown"
