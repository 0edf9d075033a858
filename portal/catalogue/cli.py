"""``flask --app portal catalogue reindex``: rebuild the search text of every qualification unit.

The search compares the words of a query with each unit's stored search text (stems and
compound parts, see :mod:`portal.catalogue.search`). Run this after changing how the text is
built, so that units saved before the change are found the same way as new ones.
"""

from __future__ import annotations

import click
import sqlalchemy as sa

from portal.catalogue import search
from portal.catalogue.blueprint import bp
from portal.catalogue.models import QualificationUnit
from portal.extensions import db

bp.cli.help = "The learning-environment catalogue."


def reindex() -> int:
    """Rebuild every unit's search text; returns how many changed."""
    changed = 0
    for unit in db.session.scalars(sa.select(QualificationUnit)):
        text = search.index_text(unit.qualification, unit.name, unit.code)
        if unit.search_text != text:
            unit.search_text = text
            changed += 1
    db.session.commit()
    return changed


@bp.cli.command("reindex")
def reindex_command() -> None:
    """Rebuild the search text of every qualification unit in the catalogue."""
    changed = reindex()
    click.echo(f"Rebuilt the search text of {changed} qualification unit(s).")
