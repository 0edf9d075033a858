"""``flask --app portal calendar remind``: remind owners of action items due or overdue now."""

from __future__ import annotations

import click

from portal.annual_calendar.blueprint import bp
from portal.annual_calendar.reminders import remind_due_action_items

bp.cli.help = "Tasks of the annual calendar."


@bp.cli.command("remind")
def remind_command() -> None:
    """Remind the owners of action items due today, and once of those overdue.

    The outbox worker does this every day from 8 o'clock; this does it at once. A reminder
    already sent is not sent again.
    """
    told = remind_due_action_items(any_hour=True)
    click.echo(f"Reminded the owners of {told} action item{'s' if told != 1 else ''}.")
