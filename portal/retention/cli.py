"""``flask --app portal retention apply [--dry-run] [--today YYYY-MM-DD]``."""

from __future__ import annotations

import getpass
from datetime import date, datetime

import click

from portal.core.i18n import HELSINKI
from portal.core.models import utcnow
from portal.extensions import db
from portal.retention.blueprint import bp
from portal.retention.service import apply, plan

bp.cli.help = "Keep personal data only as long as the parties' retention periods say."


def command_line_user() -> str:
    """Who ran the command: the operating-system account, as far as it can be told."""
    try:
        return f"retention (command line, {getpass.getuser()})"
    except (KeyError, OSError):  # no such user in a bare container
        return "retention (command line)"


@bp.cli.command("apply")
@click.option("--dry-run", is_flag=True, help="List what is due; change nothing.")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="The day to count from (for tests and catching up); today in Helsinki by default.",
)
def apply_command(dry_run: bool, today: datetime | None) -> None:
    """Pseudonymise the placements' data that is due and remove the audit trail's oldest rows.

    The outbox worker does this once a day. Names and notes are emptied; references, dates
    and figures stay, so reports count the same.
    """
    day: date = today.date() if today is not None else utcnow().astimezone(HELSINKI).date()
    if dry_run:
        result = plan(day)
        db.session.rollback()
        lines = result.lines()
        for line in lines:
            click.echo(line)
        click.echo(f"Dry run: {len(lines)} item(s) due on {day}; nothing was changed.")
        return
    result = apply(day, command_line_user())
    db.session.commit()
    lines = result.lines()
    for line in lines:
        click.echo(line)
    click.echo(f"Applied retention on {day}: {len(lines)} item(s).")
