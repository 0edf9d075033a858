"""The privacy notice's blueprint: the public page and the administrator's form."""

from flask import Blueprint

bp = Blueprint("privacy", __name__)
