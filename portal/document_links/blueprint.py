"""The document links' blueprint: no pages of its own, it carries the template globals."""

from flask import Blueprint

bp = Blueprint("document_links", __name__)
