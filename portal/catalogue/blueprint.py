"""The catalogue's blueprint; its views and commands attach to it."""

from flask import Blueprint

bp = Blueprint("catalogue", __name__, url_prefix="/catalogue")
