"""What an operator watches: request ids, the JSON log, metrics, health and readiness.

See :mod:`.request_id`, :mod:`.logs`, :mod:`.metrics`, :mod:`.health` and
:mod:`.heartbeat`.
"""

from __future__ import annotations

import time

from flask import Flask, g


def _start_clock() -> None:
    g.request_started = time.perf_counter()


def init_app(app: Flask) -> None:
    from portal.core.observability import heartbeat, logs, metrics, request_id, views  # noqa: F401

    # First of all the request's steps, so that a request answered early (a sign-in
    # redirect) is timed too.
    app.before_request_funcs.setdefault(None, []).insert(0, _start_clock)
    request_id.init_app(app)
    logs.init_app(app)
    metrics.init_app(app)
    app.register_blueprint(views.bp)
