"""The learning-environment catalogue: which workshop unit can teach which qualification units."""

from flask import Blueprint

bp = Blueprint("catalogue", __name__, url_prefix="/catalogue")

from portal.catalogue import views  # noqa: E402,F401
