"""Gunicorn's settings for the metrics of several workers: ``--config
python:portal.core.observability.gunicorn`` (other settings stay on the command line).

With ``PROMETHEUS_MULTIPROC_DIR`` set, every worker writes its counts to files in that
directory and a scrape adds them up. The directory is emptied when gunicorn starts, so that
counts of an earlier run are not added in (Prometheus sees a restart as a reset), and the
files of a worker that exits are marked dead.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any


def on_starting(server: Any) -> None:
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        Path(directory).mkdir(parents=True, exist_ok=True)
        for stale in Path(directory).glob("*.db"):
            stale.unlink()


def child_exit(server: Any, worker: Any) -> None:
    from portal.core.observability.metrics import mark_process_dead

    mark_process_dead(worker.pid)
