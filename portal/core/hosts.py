"""The answer to a request for a host the portal does not serve.

Flask refuses a Host header outside ``TRUSTED_HOSTS`` (werkzeug's ``SecurityError``, a 400)
before any URL can be built, so the usual error page, which links to the stylesheet and the
front page, cannot be drawn: the answer is plain text.
"""

from __future__ import annotations

from flask import Flask, Response
from werkzeug.exceptions import SecurityError


def init_app(app: Flask) -> None:
    @app.errorhandler(SecurityError)
    def _unknown_host(error: SecurityError) -> Response:
        return Response("Bad Request: unknown host\n", 400, mimetype="text/plain")
