"""Gunicorn's settings for the portal: ``--config python:portal.core.observability.gunicorn``
(other settings stay on the command line).

Gunicorn's own lines (starting, a worker booted or timed out) are written as the portal's
are: JSON with ``PORTAL_LOG_FORMAT=json`` (the default in production), so that the journal
holds one kind of line; its access log, if one is asked for, keeps no token of a link.

With ``PROMETHEUS_MULTIPROC_DIR`` set, every worker writes its counts to files in that
directory and a scrape adds them up. The directory is emptied when gunicorn starts, so that
counts of an earlier run are not added in (Prometheus sees a restart as a reset), and the
files of a worker that exits are marked dead.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from portal.core.accesslog import RedactingLogger
from portal.core.observability.logs import make_formatter


def _log_format() -> str:
    """PORTAL_LOG_FORMAT as the application reads it (portal.config), before it is built."""
    production = os.environ.get("PORTAL_ENV") == "production"
    return (os.environ.get("PORTAL_LOG_FORMAT") or ("json" if production else "text")).lower()


class PortalLogger(RedactingLogger):
    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        if _log_format() == "json":
            for handler in self.error_log.handlers:
                handler.setFormatter(make_formatter("json"))


logger_class = PortalLogger


def on_starting(server: Any) -> None:
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        Path(directory).mkdir(parents=True, exist_ok=True)
        for stale in Path(directory).glob("*.db"):
            stale.unlink()


def child_exit(server: Any, worker: Any) -> None:
    from portal.core.observability.metrics import mark_process_dead

    mark_process_dead(worker.pid)
