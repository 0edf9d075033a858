"""``flask --app portal quotas release-expired``: return the places not filled in time."""

from __future__ import annotations

import click

from portal.quotas.blueprint import bp
from portal.quotas.expiry import release_expired

bp.cli.help = "Quota places."


@bp.cli.command("release-expired")
def release_expired_command() -> None:
    """Return to the workshop the places not filled by their quota's reply-by date.

    The outbox worker does this on every round; running it again releases nothing twice.
    """
    handled = release_expired()
    click.echo(f"Handled {len(handled)} quota(s) past their reply-by date.")
