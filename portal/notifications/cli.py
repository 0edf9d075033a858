"""``flask --app portal outbox digest``: queue the daily digests now.

The command joins the outbox's command group, beside the worker that sends what it queues;
the outbox itself knows nothing of notifications.
"""

from __future__ import annotations

import click

from portal.notifications import digest
from portal.outbox.blueprint import bp as outbox_bp


@outbox_bp.cli.command("digest")
def queue_digest() -> None:
    """Queue the daily digests now, of everything waiting for one (the worker sends them)."""
    count = digest.queue_digests()
    click.echo(f"Queued {count} digest{'s' if count != 1 else ''}.")
