"""Bench mode (``PORTAL_BENCH=1``): each response carries ``X-Statement-Count``, the number of
SQL statements run while the request was handled, so that the bench can give its query
floor as much database work as the portal's page did. Off by default; refused in production.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, g, has_request_context
from sqlalchemy import event

from portal.extensions import db

HEADER = "X-Statement-Count"


def init_app(app: Flask) -> None:
    with app.app_context():
        engine = db.engine

    @event.listens_for(engine, "before_cursor_execute")
    def _count(*_args: Any) -> None:
        if has_request_context():
            g.bench_statements = g.get("bench_statements", 0) + 1

    @app.after_request
    def _tell(response: Response) -> Response:
        response.headers[HEADER] = str(g.get("bench_statements", 0))
        return response
