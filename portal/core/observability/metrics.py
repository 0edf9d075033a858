"""Metrics for Prometheus at ``/metrics``, readable only from the operator's networks.

Two kinds of series, counted where they can be counted right when several gunicorn workers
and several servers run:

* **What happens in a server process** — requests by endpoint and status, their latency,
  failed and throttled sign-ins — is counted in the process with prometheus-client. Under
  gunicorn set ``PROMETHEUS_MULTIPROC_DIR`` to an empty directory of the service's own: every
  worker then writes its counts there and a scrape, whichever worker answers it, adds them
  up (prometheus-client's multiprocess mode); without it a scrape sees only the worker
  that answers. Each server reports its own counts; Prometheus sums them.
* **What the database knows** — the outbox queue, failed mails, quota places released (by the
  providers, and by the worker at the reply-by date), document bytes stored — is read from
  the database at scrape time, by functions the features register with :func:`gauge`. So
  it is right whichever process did the work (the outbox worker is never scraped) and
  survives restarts; every server reports the same value, so aggregate these with ``max``.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import sqlalchemy as sa
from flask import Flask, Response, g, request
from prometheus_client import (
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from portal.extensions import db

log = logging.getLogger(__name__)

PREFIX = "silta_"

# The process's own series, on a registry of the portal's: building a second application in
# the same process (as the tests do) must not register them twice.
PROCESS = CollectorRegistry(auto_describe=True)
REQUESTS = Counter(
    "silta_http_requests",
    "Requests answered, by Flask endpoint, method and status.",
    ["endpoint", "method", "status"],
    registry=PROCESS,
)
LATENCY = Histogram(
    "silta_http_request_duration_seconds",
    "Time from receiving a request to its response (before a streamed body), by endpoint.",
    ["endpoint"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
    registry=PROCESS,
)
SIGN_IN_FAILURES = Counter(
    "silta_sign_in_failures",
    "Failed sign-ins (unknown address or wrong password).",
    registry=PROCESS,
)
THROTTLED = Counter(
    "silta_sign_in_throttled",
    "Attempts refused by the throttle (sign-in, current password, reset requests); each "
    "wait counted once.",
    registry=PROCESS,
)

# Audit events that are also counted, by the event's code.
AUDIT_COUNTERS: dict[str, Counter] = {
    "login.failure": SIGN_IN_FAILURES,
    "rate_limit.exceeded": THROTTLED,
}


@dataclass(frozen=True)
class DatabaseSeries:
    name: str
    documentation: str
    read: Callable[[], float | Iterable[tuple[dict[str, str], float]]]
    kind: str = "gauge"


_database_series: dict[str, DatabaseSeries] = {}


def gauge(
    name: str,
    documentation: str,
    read: Callable[[], float | Iterable[tuple[dict[str, str], float]]],
    *,
    kind: str = "gauge",
) -> None:
    """Have ``/metrics`` read a series from the database at scrape time.

    ``read`` returns the value, or (labels, value) pairs; ``kind`` is "gauge" or "counter"
    (a total that only grows, such as places released so far; ``name`` without ``_total``).
    A feature registers its series from its ``init_app()``; again is harmless.
    """
    if not name.startswith(PREFIX):
        raise ValueError(f"a portal metric's name begins with {PREFIX!r}: {name}")
    _database_series[name] = DatabaseSeries(name, documentation, read, kind)


class _DatabaseCollector(Collector):
    def collect(self) -> Iterator[Metric]:
        for series in _database_series.values():
            try:
                value = series.read()
            except sa.exc.SQLAlchemyError:
                # The database is away: the process's own series are still worth scraping;
                # the missing ones (and /readyz) tell the rest.
                log.warning("Metrics: %s could not be read from the database", series.name)
                db.session.rollback()
                continue
            labelled = [({}, value)] if isinstance(value, int | float) else list(value)
            names = sorted({key for labels, _ in labelled for key in labels})
            family: CounterMetricFamily | GaugeMetricFamily
            if series.kind == "counter":
                family = CounterMetricFamily(series.name, series.documentation, labels=names)
            else:
                family = GaugeMetricFamily(series.name, series.documentation, labels=names)
            for labels, amount in labelled:
                family.add_metric([labels.get(key, "") for key in names], float(amount))
            yield family


def count_audit_event(event: str) -> None:
    counter = AUDIT_COUNTERS.get(event)
    if counter is not None:
        counter.inc()


def scrape() -> bytes:
    """The text exposition of every series, as Prometheus reads it."""
    registry = CollectorRegistry(auto_describe=False)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)
    else:
        registry.register(PROCESS)
    registry.register(_DatabaseCollector())
    return generate_latest(registry)


# Any other method is counted as "other": the client chooses it, and each new label value
# would be a new series for Prometheus to keep.
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def _observe(response: Response) -> Response:
    started = g.get("request_started")
    endpoint = request.endpoint or "unmatched"
    method = request.method if request.method in METHODS else "other"
    REQUESTS.labels(endpoint, method, str(response.status_code)).inc()
    if started is not None:
        LATENCY.labels(endpoint).observe(time.perf_counter() - started)
    return response


def init_app(app: Flask) -> None:
    app.after_request(_observe)


def mark_process_dead(pid: int) -> None:
    """For gunicorn's ``child_exit`` hook: forget a dead worker's gauges (multiprocess mode)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(pid)
