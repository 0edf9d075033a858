"""Paging a long, growing list by its key instead of by page number.

A numbered page has to count every row and skip all those before it; a page "older than the
row with key 41 000" reads only the rows it shows, from an index, however long the list is
and however far back the reader has gone. The pager offers "Newer" and "Older" (``?after=``
and ``?before=``) instead of page numbers, and counts nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import InstrumentedAttribute

from portal.core.params import int_arg
from portal.extensions import db

# Keys are BIGINT: as far as the links may reach.
KEY_MAX = 2**63 - 1


@dataclass
class KeysetPage:
    items: list[Any]
    # The keys for the links: ``?after=newer`` and ``?before=older``; None where there are none.
    newer: int | None
    older: int | None


def newest_first(
    stmt: sa.Select[Any], key: InstrumentedAttribute[int], per_page: int | None = None
) -> KeysetPage:
    """One page of ``stmt``'s objects, the highest ``key`` first, after ``?before=`` or
    ``?after=`` (a key of the page the reader came from)."""
    size = per_page or current_app.config["PAGE_SIZE"]
    before = int_arg("before", minimum=1, maximum=KEY_MAX)
    after = int_arg("after", minimum=0, maximum=KEY_MAX) if before is None else None
    if after is not None:
        # Newer than a page seen: the rows just above it, shown newest first like the rest.
        rows = list(db.session.scalars(stmt.where(key > after).order_by(key.asc()).limit(size + 1)))
        more_newer = len(rows) > size
        rows = list(reversed(rows[:size]))
        return KeysetPage(
            rows,
            newer=getattr(rows[0], key.key) if more_newer else None,
            # The page the reader came from is older.
            older=getattr(rows[-1], key.key) if rows else after + 1,
        )
    if before is not None:
        stmt = stmt.where(key < before)
    rows = list(db.session.scalars(stmt.order_by(key.desc()).limit(size + 1)))
    more_older = len(rows) > size
    rows = rows[:size]
    return KeysetPage(
        rows,
        newer=getattr(rows[0], key.key) if before is not None and rows else None,
        older=getattr(rows[-1], key.key) if more_older else None,
    )
