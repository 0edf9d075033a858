"""The retention settings' blueprint; its views and commands attach to it."""

from flask import Blueprint

bp = Blueprint("retention", __name__, url_prefix="/retention", cli_group="retention")
