"""The documents' blueprint; its views and commands attach to it."""

from flask import Blueprint

bp = Blueprint("documents", __name__, url_prefix="/documents")
