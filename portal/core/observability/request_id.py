"""The request id: one short token that ties a request's log lines, its audit rows and the
incident number on its error page together.

An ``X-Request-ID`` from the client is ignored: whoever sends the request could otherwise
give it the id of someone else's request and muddle an investigation. Only behind a trusted
proxy (``PORTAL_TRUSTED_PROXIES``), which sets the header itself and overwrites the
client's (nginx: ``proxy_set_header X-Request-ID $request_id;``), is it taken over, so
that the proxy's access log and the portal's share the id; and then only if it looks like
one (letters, digits and hyphens), so that it cannot forge a log line or carry text.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from flask import Flask, Response, current_app, g, has_request_context, request

HEADER = "X-Request-ID"
# nginx's $request_id is 32 hex digits; load balancers send UUIDs.
_SAFE = re.compile(r"^[A-Za-z0-9-]{16,64}$")


def _from_proxy() -> str | None:
    if not current_app.config.get("TRUSTED_PROXIES"):
        return None
    value = request.headers.get(HEADER, "")
    return value if _SAFE.match(value) else None


# Outside a request: the id of the background job being done (one round of the worker).
_job_id: ContextVar[str] = ContextVar("silta_job_id", default="")


@contextmanager
def job() -> Iterator[str]:
    """Give the log lines and audit rows of a piece of background work an id of their own."""
    token = _job_id.set(uuid.uuid4().hex)
    try:
        yield _job_id.get()
    finally:
        _job_id.reset(token)


def current_request_id() -> str:
    """The id of the request being handled, or of the job outside one; "" otherwise."""
    if not has_request_context():
        return _job_id.get()
    request_id: str | None = g.get("request_id")
    if request_id is None:
        request_id = _from_proxy() or uuid.uuid4().hex
        g.request_id = request_id
    return request_id


def init_app(app: Flask) -> None:
    @app.before_request
    def _assign() -> None:
        current_request_id()

    @app.after_request
    def _return(response: Response) -> Response:
        response.headers[HEADER] = current_request_id()
        return response

    app.jinja_env.globals["request_id"] = current_request_id
