"""The catalogue links' blueprint.

No pages of its own: it adds template globals, and its form fragment is rendered by the
placement form's own endpoint.
"""

from flask import Blueprint

bp = Blueprint("catalogue_links", __name__)
