"""Commands that keep the records trustworthy: ``audit verify``, ``backup`` and ``restore``."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from portal.core import audit_chain, part_chain
from portal.extensions import db


@click.group("audit")
def audit_group() -> None:
    """Check the audit trail."""


@audit_group.command("verify")
@with_appcontext
def verify() -> None:
    """Walk the hash chains of the audit and access logs; exit 1 naming every bad row."""
    results, problems = audit_chain.verify_all(db.session())
    # The chains kept one per part (a placement's access log) are walked part by part.
    part_results, part_problems = part_chain.verify_all(db.session())
    results, problems = results + part_results, problems + part_problems
    db.session.rollback()
    for problem in problems:
        click.echo(str(problem))
    for result in results:
        click.echo(
            f"{result.chain}: {result.rows} rows, head seq {result.head_seq} "
            f"hash {result.head_hash}"
        )
    if problems:
        click.echo(f"The audit trail has been tampered with: {len(problems)} problem(s).", err=True)
        raise SystemExit(1)
    click.echo("The audit trail verifies.")


@click.command("backup")
@with_appcontext
@click.argument("path", type=click.Path(path_type=Path))
def backup(path: Path) -> None:
    """Write a consistent snapshot of the database and the document store into PATH."""
    from portal.core import backup as backups

    try:
        manifest = backups.backup(path)
    except backups.BackupError as error:
        click.echo(f"Error: {error}", err=True)
        raise SystemExit(1) from error
    click.echo(
        f"Backed up the database and {len(manifest['files'])} stored files into {path}. "
        "The storage key is not in the backup: keep it apart."
    )


@click.command("restore")
@with_appcontext
@click.argument("path", type=click.Path(path_type=Path, exists=True, file_okay=False))
def restore(path: Path) -> None:
    """Restore a backup written by ``backup`` into this empty installation."""
    from portal.core import backup as backups

    try:
        manifest = backups.restore(path)
    except backups.BackupError as error:
        click.echo(f"Error: {error}", err=True)
        raise SystemExit(1) from error
    click.echo(f"Restored the database and {len(manifest['files'])} stored files from {path}.")
