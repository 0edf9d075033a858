"""The document links' blueprint: the template globals, and the upload form's choices."""

from flask import Blueprint

bp = Blueprint("document_links", __name__)
