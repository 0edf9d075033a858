"""``flask --app portal outbox run|send-pending``: the worker and its one-off tasks.

The commands hang on the blueprint's command group, so registering the blueprint adds them;
notifications adds ``digest`` to the group (:mod:`portal.notifications.cli`).
"""

from __future__ import annotations

import signal
import threading
from types import FrameType

import click

from portal.core.database import writing
from portal.outbox import worker
from portal.outbox.blueprint import bp

outbox = bp.cli
outbox.help = "Send the e-mail queued in the outbox."


@outbox.command("run")
@click.option(
    "--poll-seconds",
    type=float,
    default=None,
    help="Seconds between rounds (default PORTAL_OUTBOX_POLL_SECONDS).",
)
def run(poll_seconds: float | None) -> None:
    """Send queued mail and run the features' jobs of each round until stopped (Ctrl-C or
    SIGTERM).

    Several workers may run at once: each message is sent by one of them.
    """
    stop = threading.Event()

    def _stop(signum: int, _frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    worker.run(stop, poll_seconds=poll_seconds)


@outbox.command("send-pending")
def send_pending() -> None:
    """Send every message that is due now, once, and exit."""
    with writing():
        report = worker.send_due()
    click.echo(
        f"Sent {report.sent}, to be retried {report.retrying}, failed for good {report.failed}."
    )
