"""The catalogue's links to placements: a workshop-period request started from a
learning-environment report, and the request form offering what the workshop reported."""

from flask import Blueprint, Flask

# No pages of its own: it adds template globals, and its form fragment is rendered by the
# placement form's own endpoint.
bp = Blueprint("catalogue_links", __name__)


def init_app(app: Flask) -> None:
    from portal.catalogue_links import links  # noqa: F401  (registers the template globals)

    app.register_blueprint(bp)
