"""Paging long lists, keeping the user's filters in the page links."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import current_app, request
from flask_sqlalchemy.pagination import Pagination

from portal.extensions import db


def paginate(stmt: sa.Select[Any], per_page: int | None = None) -> Pagination:
    """One page of ``stmt``, numbered by ``?page=``; a page past the end is empty, not 404."""
    page = request.args.get("page", 1, type=int) or 1
    return db.paginate(
        stmt,
        page=max(page, 1),
        per_page=per_page or current_app.config["PAGE_SIZE"],
        error_out=False,
        count=True,
    )


def page_url_args(page: int) -> dict[str, Any]:
    """The current URL's arguments with another page number, for the pager's links."""
    return {**(request.view_args or {}), **request.args.to_dict(), "page": page}
