"""htmx as progressive enhancement: one endpoint renders the page or only the part that changed.

A plain request, and a boosted one (``hx-boost`` navigation), gets the whole page. A
targeted htmx request gets only the named block of the same template, so both paths
share one template and one view.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Response, make_response, render_template, request
from jinja2_fragments.flask import render_block


def is_htmx() -> bool:
    return request.headers.get("HX-Request") == "true"


def is_partial() -> bool:
    """A targeted htmx request that wants a fragment.

    Boosted navigation and htmx's reload of a page on "back" both want the whole page.
    """
    headers = request.headers
    return (
        is_htmx()
        and headers.get("HX-Boosted") != "true"
        and headers.get("HX-History-Restore-Request") != "true"
    )


def render(
    template: str, *, block: str | None = None, status_code: int = 200, **context: Any
) -> Response:
    """Render the page, or only ``block`` of it for a targeted htmx request."""
    if block is not None and is_partial():
        html = render_block(template, block, **context)
    else:
        html = render_template(template, **context)
    response = make_response(html, status_code)
    response.vary.add("HX-Request")
    return response


def current_page_path() -> str | None:
    """The path of the page an htmx request came from, if it is on this site."""
    parts = urlsplit(request.headers.get("HX-Current-URL", ""))
    if parts.netloc != request.host or not parts.path.startswith("/"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def htmx_redirect(location: str, status: int = 200) -> Response:
    """Make htmx load ``location`` as a whole page instead of swapping this response in."""
    response = make_response("", status)
    response.headers["HX-Redirect"] = location
    response.vary.add("HX-Request")
    return response
