"""Command-line tasks: ``flask --app portal create-admin``, ``seed-demo`` and ``check --deploy``."""

from __future__ import annotations

import os

import click
import sqlalchemy as sa
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy.exc import SQLAlchemyError

from portal.auth.accounts import create_administrator
from portal.auth.credentials import find_by_email, normalise_email
from portal.auth.models import User
from portal.auth.passwords import hash_password, password_problems
from portal.core import deploy_check
from portal.core.i18n import force_locale
from portal.core.validators import email_is_valid
from portal.extensions import db
from portal.parties.models import Party


@click.command("create-admin")
@with_appcontext
@click.option("--email", prompt="E-mail", help="The administrator's e-mail address.")
@click.option("--name", prompt="Name", help="The administrator's name.")
@click.option(
    "--party",
    "business_id",
    default=None,
    metavar="BUSINESS_ID",
    help=(
        "Only for an administrator who also works for a party: that party's business ID. "
        "The administrator then reads what is shared with the party; its coordinators are told."
    ),
)
def create_admin(email: str, name: str, business_id: str | None) -> None:
    """Create a portal administrator, who belongs to no party unless --party says otherwise.

    The password is read from PORTAL_ADMIN_PASSWORD when set (for scripts); otherwise it is
    asked for twice without echo.
    """
    party = None
    if business_id is not None:
        party = db.session.scalar(sa.select(Party).where(Party.business_id == business_id.strip()))
        if party is None:
            raise click.ClickException(f"No party has the business ID {business_id}.")
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
    create_administrator(email, name, hash_password(password), party=party)
    db.session.commit()
    if party is not None:
        click.echo(f"Created the administrator {email} in {party.name}; its coordinators are told.")
    else:
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
    from portal.demo import second_step as demo_second_step

    click.echo(f"\nDemo accounts (password for all: {password}):")
    for user in accounts:
        where = user.party.name if user.party else "—"
        unit = f", {user.unit.name}" if user.unit else ""
        click.echo(f"  {user.email:<36} {user.role.value:<12} {where}{unit}")
    key = demo_second_step.DEMO_TOTP_KEY
    click.echo(
        f"\n{demo_second_step.DEMO_TOTP_USER} also needs a code from an authenticator app: "
        f"add the time-based key {key} to an app, or print the code of the moment with\n"
        f"  .venv/bin/python -c \"import pyotp; print(pyotp.TOTP('{key}').now())\""
    )
    click.echo("")


@click.command("check")
@with_appcontext
@click.option("--deploy", is_flag=True, help="Check the settings for running in production.")
def check(deploy: bool) -> None:
    """List every setting that would be unsafe in production; exit 1 if there is any."""
    if not deploy:
        click.echo("The configuration loads. Add --deploy to check it for production.")
        return
    found = deploy_check.findings(current_app) + _demo_findings()
    for finding in found:
        click.echo(finding.line())
    if found:
        click.echo(f"\n{len(found)} unsafe setting(s) for production.")
        raise SystemExit(1)
    click.echo("No unsafe settings found for production.")


def _demo_findings() -> list[deploy_check.Finding]:
    from portal import demo

    try:
        accounts = [user for user in demo.accounts() if user.active]
    except SQLAlchemyError as error:
        db.session.rollback()
        return [
            deploy_check.Finding(
                "database",
                f"The database cannot be read to look for demo accounts ({type(error).__name__}).",
                "Check DATABASE_URL and run `flask --app portal db upgrade`.",
            )
        ]
    if not accounts:
        return []
    return [
        deploy_check.Finding(
            "demo-data",
            f"{len(accounts)} demo accounts, such as {accounts[0].email}, exist; their "
            "password is published in the README.",
            "Install production into an empty database; never run seed-demo there.",
        )
    ]


def init_app(app: Flask) -> None:
    from portal.benchmark.seed import bench_seed
    from portal.core import records_cli

    app.cli.add_command(create_admin)
    app.cli.add_command(seed_demo)
    app.cli.add_command(check)
    app.cli.add_command(bench_seed)
    app.cli.add_command(records_cli.audit_group)
    app.cli.add_command(records_cli.backup)
    app.cli.add_command(records_cli.restore)
