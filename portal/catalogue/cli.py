"""``flask --app portal catalogue reindex``: rebuild the search text of every qualification unit
and report.

The search compares the words of a query with each unit's and report's stored search text
(folded words and stems, see :mod:`portal.catalogue.search`). Run this after changing how the
text is built, so that units saved before the change are found the same way as new ones.
"""

from __future__ import annotations

import click
import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from portal.catalogue import search, service
from portal.catalogue.blueprint import bp
from portal.catalogue.models import LearningEnvironment, QualificationUnit
from portal.extensions import db

bp.cli.help = "The learning-environment catalogue."


def reindex() -> int:
    """Rebuild every unit's and report's search text; returns how many units changed."""
    changed = 0
    for unit in db.session.scalars(sa.select(QualificationUnit)):
        text = search.index_text(unit.qualification, unit.name, unit.code)
        if unit.search_text != text:
            unit.search_text = text
            changed += 1
    reports = sa.select(LearningEnvironment).options(selectinload(LearningEnvironment.unit))
    for environment in db.session.scalars(reports):
        text = service.field_text(environment.unit, environment.work_description)
        if environment.search_text != text:
            environment.search_text = text
    db.session.commit()
    return changed


@bp.cli.command("reindex")
def reindex_command() -> None:
    """Rebuild the search text of every qualification unit in the catalogue."""
    changed = reindex()
    click.echo(f"Rebuilt the search text of {changed} qualification unit(s).")
