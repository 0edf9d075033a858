"""The subject-access blueprint; its views attach to it."""

from flask import Blueprint

bp = Blueprint("subject_access", __name__, url_prefix="/subject-access")
