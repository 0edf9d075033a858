"""The certificates' blueprint: the issue form, a certificate's page and the verification."""

from flask import Blueprint

bp = Blueprint("certificates", __name__)
