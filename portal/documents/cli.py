"""``flask --app portal documents purge``: remove the bytes that are no longer kept."""

from __future__ import annotations

from datetime import timedelta

import click
from flask import current_app

from portal.core.models import utcnow
from portal.core.storage import get_storage
from portal.documents.blueprint import bp
from portal.documents.purge import ORPHAN_GRACE, purge


@bp.cli.command("purge")
@click.option(
    "--grace-minutes",
    type=click.IntRange(min=0),
    default=int(ORPHAN_GRACE.total_seconds() // 60),
    show_default=True,
    help="Leave alone unreferenced objects younger than this (uploads in progress).",
)
def purge_command(grace_minutes: int) -> None:
    """Purge deleted documents past the retention period and orphaned stored objects."""
    days = current_app.config["DOCUMENT_RETENTION_DAYS"]
    result = purge(
        get_storage(),
        now=utcnow(),
        retention=timedelta(days=days),
        grace=timedelta(minutes=grace_minutes),
    )
    click.echo(
        f"Purged the files of {result.expired} version(s) of documents deleted over {days} "
        f"days ago, and {result.orphans} orphaned object(s)."
    )
