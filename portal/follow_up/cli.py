"""``flask --app portal follow-up remind``: remind the named people of follow-ups due now."""

from __future__ import annotations

import click

from portal.follow_up.blueprint import bp
from portal.follow_up.reminders import remind_due_follow_ups

bp.cli.help = "Tasks of following up."


@bp.cli.command("remind")
def remind_command() -> None:
    """Remind the named people of the follow-ups that have come due.

    The outbox worker does this every day from 8 o'clock; this does it at once. A reminder
    already sent is not sent again.
    """
    told = remind_due_follow_ups(any_hour=True)
    click.echo(f"Reminded the named people of {told} follow-up{'s' if told != 1 else ''}.")
