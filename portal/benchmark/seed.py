"""``flask --app portal bench-seed``: the demo data, then a national-scale data set around it."""

from __future__ import annotations

import random
import time
from collections.abc import Callable

import click
from flask.cli import with_appcontext

from portal import demo
from portal.benchmark import SCALES, Scale
from portal.benchmark.activity import add_audit, add_catalogue, add_events, add_notifications
from portal.benchmark.bulk import Writer
from portal.benchmark.documents import add_access_log, add_documents
from portal.benchmark.people import add_parties, add_people
from portal.benchmark.placements import add_placements, add_quotas
from portal.benchmark.world import World
from portal.core import dates
from portal.core.database import refresh_statistics
from portal.extensions import db


def seed(scale: Scale | None, say: Callable[[str], None] = lambda _: None) -> dict[str, int]:
    """Load the demo data and, unless the scale is only the demo, the bench rows; commit once.

    Returns the number of rows written per table beyond the demo's.
    """
    if demo.is_loaded():
        raise click.ClickException(
            "The database already has parties; bench data needs an empty one."
        )
    demo.load()
    if scale is None:
        return {}
    writer = Writer(db.session.connection(), db.metadata)
    # Reproducible, not secret: the same scale gives the same data set.
    world = World(writer=writer, rng=random.Random(14), today=dates.today())  # nosec B311
    steps: list[tuple[str, Callable[[], object]]] = [
        ("parties", lambda: add_parties(world, scale)),
        ("people", lambda: add_people(world, scale)),
        ("placements", lambda: add_placements(world, scale)),
        ("quotas", lambda: add_quotas(world, scale)),
        ("catalogue", lambda: add_catalogue(world)),
        ("events", lambda: add_events(world, scale)),
        ("notifications", lambda: add_notifications(world, scale)),
        ("audit log", lambda: add_audit(world, scale)),
    ]
    for name, step in steps:
        started = time.monotonic()
        step()
        say(f"{name}: {time.monotonic() - started:.1f} s")
    started = time.monotonic()
    read = add_documents(world, scale)
    say(f"documents: {time.monotonic() - started:.1f} s")
    started = time.monotonic()
    add_access_log(world, scale, read)
    say(f"access log: {time.monotonic() - started:.1f} s")
    writer.finish()
    db.session.commit()
    started = time.monotonic()
    # SQLite's statistics, in the same transaction (PostgreSQL's: bench/run.py vacuums, since
    # its VACUUM must run outside any transaction, once the load is committed).
    refresh_statistics(db.session.connection(), full=True)
    db.session.commit()
    say(f"statistics: {time.monotonic() - started:.1f} s")
    return writer.counts


@click.command("bench-seed")
@with_appcontext
@click.option(
    "--scale",
    type=click.Choice(list(SCALES)),
    default="tenth",
    show_default=True,
    help="demo: the seed-demo data only; tenth or national: the field of issue 14.",
)
def bench_seed(scale: str) -> None:
    """Fill an empty database with the demo data and a national-scale data set around it.

    Every bench account signs in with the demo password; never run this in production.
    """
    started = time.monotonic()
    counts = seed(SCALES[scale], say=click.echo)
    for table, count in sorted(counts.items()):
        click.echo(f"  {table:<30} {count:>9}")
    click.echo(f"Loaded the {scale} data set in {time.monotonic() - started:.0f} s.")
