"""Command-line tasks: ``flask --app portal create-admin`` and ``flask --app portal seed-demo``."""

from __future__ import annotations

import os

import click
from flask import Flask
from flask.cli import with_appcontext
from flask_babel import force_locale

from portal.auth.models import Role, User
from portal.auth.passwords import hash_password, password_problems
from portal.auth.service import find_by_email, normalise_email
from portal.core import audit
from portal.core.validators import email_is_valid
from portal.extensions import db


@click.command("create-admin")
@with_appcontext
@click.option("--email", prompt="E-mail", help="The administrator's e-mail address.")
@click.option("--name", prompt="Name", help="The administrator's name.")
def create_admin(email: str, name: str) -> None:
    """Create a portal administrator.

    The password is read from PORTAL_ADMIN_PASSWORD when set (for scripts); otherwise it is
    asked for twice without echo.
    """
    email = normalise_email(email)
    if not email_is_valid(email):
        raise click.ClickException(f"{email} is not an e-mail address.")
    if find_by_email(email) is not None:
        raise click.ClickException(f"An account with the e-mail {email} already exists.")
    password = os.environ.get("PORTAL_ADMIN_PASSWORD") or click.prompt(
        "Password", hide_input=True, confirmation_prompt=True
    )
    with force_locale("en"):
        problems = [str(p) for p in password_problems(password, email=email, name=name)]
    if problems:
        raise click.ClickException(" ".join(problems))
    user = User(email=email, name=name, role=Role.ADMIN, password_hash=hash_password(password))
    db.session.add(user)
    db.session.flush()
    audit.record("user.create", target=user, role=Role.ADMIN.value, via="command line")
    db.session.commit()
    click.echo(f"Created the administrator {email}.")


@click.command("seed-demo")
@with_appcontext
@click.option(
    "--if-empty", is_flag=True, help="Load only into a database without parties (for `make run`)."
)
def seed_demo(if_empty: bool) -> None:
    """Load the demo parties, people and their work, and print the demo accounts."""
    from portal import demo

    if demo.is_loaded():
        if not if_empty:
            raise click.ClickException(
                "The database already has parties; demo data is for an empty one."
            )
        click.echo("Demo data is already loaded.")
    else:
        demo.load()
        click.echo("Demo data loaded.")
    _print_accounts(demo.accounts(), demo.DEMO_PASSWORD)


def _print_accounts(accounts: list[User], password: str) -> None:
    click.echo(f"\nDemo accounts (password for all: {password}):")
    for user in accounts:
        where = user.party.name if user.party else "—"
        unit = f", {user.unit.name}" if user.unit else ""
        click.echo(f"  {user.email:<36} {user.role.value:<12} {where}{unit}")
    click.echo("")


def init_app(app: Flask) -> None:
    from portal.core import records_cli

    app.cli.add_command(create_admin)
    app.cli.add_command(seed_demo)
    app.cli.add_command(records_cli.audit_group)
    app.cli.add_command(records_cli.backup)
    app.cli.add_command(records_cli.restore)
