"""Paging long lists, keeping the user's filters in the page links."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import current_app, request
from flask_sqlalchemy.pagination import Pagination, SelectPagination

from portal.core.params import DB_INT_MAX, int_arg
from portal.extensions import db


def paginate(
    stmt: sa.Select[Any], per_page: int | None = None, *, total: int | None = None
) -> Pagination:
    """One page of ``stmt``, numbered by ``?page=``; a page past the end is empty, not 404.

    A page number that is not a number, or one so large that its offset would not fit the
    database's integers, shows the first page. A page that has counted its rows already
    (by status, say) passes the ``total`` and saves counting the whole list once more.
    """
    size = per_page or current_app.config["PAGE_SIZE"]
    page = int_arg("page", minimum=1, maximum=DB_INT_MAX // size) or 1
    pagination = db.paginate(
        stmt,
        page=page,
        per_page=size,
        error_out=False,
        count=total is None,
    )
    if total is not None:
        pagination.total = total
    return pagination


class _CountedAlong(SelectPagination):
    """The page and the total in one statement: the total rides along as a window count.

    For a statement that costs much to run (a ranked search), where a second run to count
    would double the cost. Past the last page no row carries the total, so it is counted.
    """

    def _query_items(self) -> list[Any]:
        select = self._query_args["select"].add_columns(sa.func.count().over())
        select = select.limit(self.per_page).offset(self._query_offset)
        rows = self._query_args["session"].execute(select).unique().all()
        self._counted_along = rows[0][-1] if rows else None
        return [row[0] for row in rows]

    def _query_count(self) -> int:
        if self._counted_along is not None:
            return int(self._counted_along)
        return super()._query_count()


def paginate_counted_along(stmt: sa.Select[Any], per_page: int | None = None) -> Pagination:
    """Like :func:`paginate`, the page and the total counted in one statement."""
    size = per_page or current_app.config["PAGE_SIZE"]
    page = int_arg("page", minimum=1, maximum=DB_INT_MAX // size) or 1
    return _CountedAlong(
        select=stmt, session=db.session(), page=page, per_page=size, error_out=False, count=True
    )


class _RowsPagination(Pagination):
    """A page of a list already in memory, such as a report's table counted in Python."""

    def _query_items(self) -> list[Any]:
        start = (self.page - 1) * self.per_page
        return list(self._query_args["rows"][start : start + self.per_page])

    def _query_count(self) -> int:
        return len(self._query_args["rows"])


def paginate_rows(rows: list[Any], param: str = "page", per_page: int | None = None) -> Pagination:
    """One page of ``rows``, numbered by ``?<param>=``, so that each of several lists on a
    page keeps its own place; out of range shows the first (or an empty) page, as above."""
    size = per_page or current_app.config["PAGE_SIZE"]
    page = int_arg(param, minimum=1, maximum=DB_INT_MAX // size) or 1
    return _RowsPagination(page=page, per_page=size, max_per_page=None, error_out=False, rows=rows)


def query_args(**changes: Any) -> dict[str, Any]:
    """The current query arguments with ``changes``, safe to pass to ``url_for``.

    A query parameter named like one of url_for's own arguments (``_external``, ``_scheme``,
    ``endpoint``…) or like a part of the address would steer or break the link; it is left out.
    """
    view_args = request.view_args or {}
    kept = {
        name: value
        for name, value in request.args.items()
        if not name.startswith("_") and name != "endpoint" and name not in view_args
    }
    return {**kept, **changes}


def page_url_args(page: int, param: str = "page") -> dict[str, Any]:
    """The current URL's arguments with another page number, for the pager's links."""
    return {**(request.view_args or {}), **query_args(**{param: page})}
