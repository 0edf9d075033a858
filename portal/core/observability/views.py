"""The operator's addresses: ``/metrics``, ``/healthz`` and ``/readyz``.

Each answers whoever asks with as little as it needs; the details only to the operator's
networks (``PORTAL_METRICS_ALLOWED``), and ``/metrics`` not at all to anyone else (404).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify
from flask.typing import ResponseReturnValue
from prometheus_client import CONTENT_TYPE_LATEST
from werkzeug.exceptions import NotFound

from portal.core.authz import public
from portal.core.observability import health
from portal.core.observability.allowed import operator_address
from portal.core.observability.metrics import scrape

bp = Blueprint("observability", __name__)


@bp.get("/metrics")
@public
def metrics() -> Response:
    if not operator_address():
        raise NotFound()
    return Response(
        scrape(),
        headers={"Content-Type": CONTENT_TYPE_LATEST, "Cache-Control": "no-store"},
    )


def _answer(reasons: list[str], details: dict[str, Any]) -> ResponseReturnValue:
    state: dict[str, Any] = {"status": "unavailable" if reasons else "ok"}
    if reasons:
        state["reasons"] = reasons
    if operator_address():
        state.update(details, version=health.portal_version())
    response = jsonify(state)
    response.headers["Cache-Control"] = "no-store"
    return response, 503 if reasons else 200


@bp.get("/healthz")
@public
def healthz() -> ResponseReturnValue:
    """For the load balancer: does the portal answer and reach its database?"""
    database = health.database_state()
    if database is None:
        return _answer(["database"], {"database": {"reachable": False}})
    return _answer([], {"database": database})


@bp.get("/readyz")
@public
def readyz() -> ResponseReturnValue:
    """Can the portal do its work: database, document store, and the features' checks?"""
    database = health.database_state()
    if database is None:
        return _answer(["database"], {"database": {"reachable": False}})
    return _answer(health.failing(), {"database": database})
