"""Paging a long, growing list by its key instead of by page number.

A numbered page has to count every row and skip all those before it; a page "older than the
row with key 41 000" reads only the rows it shows, from an index, however long the list is
and however far back the reader has gone. The pager offers "Newer" and "Older" (``?after=``
and ``?before=``) instead of page numbers, and counts nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import InstrumentedAttribute

from portal.core.params import int_arg
from portal.extensions import db

# Keys are BIGINT: as far as the links may reach.
KEY_MAX = 2**63 - 1
# Later than any moment a row holds.
NEVER = datetime(9999, 1, 1, tzinfo=UTC)


@dataclass
class KeysetPage:
    items: list[Any]
    # The keys for the links: ``?after=newer`` and ``?before=older``; None where there are none.
    newer: int | None
    older: int | None


def newest_first(
    stmt: sa.Select[Any],
    key: InstrumentedAttribute[int],
    per_page: int | None = None,
    moment: InstrumentedAttribute[Any] | None = None,
) -> KeysetPage:
    """One page of ``stmt``'s objects, the highest ``key`` first, after ``?before=`` or
    ``?after=`` (a key of the page the reader came from).

    With ``moment`` (a time that need not follow the key, such as when a document was
    shared), the list is newest ``moment`` first and ``key`` only breaks ties. The links
    still carry a key; its row's moment is read from ``stmt`` itself, so a key that is not in
    the list (a row gone since, or one the reader may not see) places nothing: the first
    page shows, and nothing is learnt of a row outside the list.
    """
    size = per_page or current_app.config["PAGE_SIZE"]
    before = int_arg("before", minimum=1, maximum=KEY_MAX)
    after = int_arg("after", minimum=0, maximum=KEY_MAX) if before is None else None
    order: tuple[Any, ...] = (key,) if moment is None else (moment, key)

    def beyond(mark: int, newer: bool) -> sa.ColumnElement[bool]:
        if moment is None:
            return key > mark if newer else key < mark
        at = stmt.with_only_columns(moment).where(key == mark).order_by(None).scalar_subquery()
        # A key not in the list counts as later than every row: older than it is the whole
        # list, newer nothing. (A condition the index answers; an OR would not be.)
        there = sa.tuple_(sa.func.coalesce(at, sa.literal(NEVER, moment.type)), sa.literal(mark))
        here = sa.tuple_(moment, key)
        return here > there if newer else here < there

    def key_of(row: Any) -> int:
        return int(getattr(row, key.key))

    if after is not None:
        # Newer than a page seen: the rows just above it, shown newest first like the rest.
        rows = list(
            db.session.scalars(
                stmt.where(beyond(after, newer=True))
                .order_by(*(c.asc() for c in order))
                .limit(size + 1)
            )
        )
        more_newer = len(rows) > size
        rows = list(reversed(rows[:size]))
        if rows or moment is None:
            return KeysetPage(
                rows,
                newer=key_of(rows[0]) if more_newer else None,
                # The page the reader came from is older.
                older=key_of(rows[-1]) if rows else after + 1,
            )
        # Nothing is newer any more (the newest rows went): the list from its start. (By key
        # alone, the link to the page the reader came from is the key just above it.)
        before = None
    if before is not None:
        stmt = stmt.where(beyond(before, newer=False))
    rows = list(db.session.scalars(stmt.order_by(*(c.desc() for c in order)).limit(size + 1)))
    more_older = len(rows) > size
    rows = rows[:size]
    return KeysetPage(
        rows,
        newer=key_of(rows[0]) if before is not None and rows else None,
        older=key_of(rows[-1]) if more_older else None,
    )
