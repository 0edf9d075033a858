"""Bench mode (``PORTAL_BENCH=1``): each response carries ``X-Statement-Count``, the number of
SQL statements run while the request was handled, so that the bench can give its query
floor as much database work as the portal's page did. Off by default; refused in production.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, g, has_request_context
from sqlalchemy import event
from sqlalchemy.engine import Engine

HEADER = "X-Statement-Count"


def _count(*_args: Any) -> None:
    if has_request_context():
        g.bench_statements = g.get("bench_statements", 0) + 1


def init_app(app: Flask) -> None:
    # On every engine: a request's statements may run on a connection the application was
    # handed (the tests' shared one) rather than one of its own engine.
    if not event.contains(Engine, "before_cursor_execute", _count):
        event.listen(Engine, "before_cursor_execute", _count)

    @app.after_request
    def _tell(response: Response) -> Response:
        response.headers[HEADER] = str(g.get("bench_statements", 0))
        return response
