"""The parties' blueprint: the directory, the agreement and the administrator's pages."""

from flask import Blueprint

bp = Blueprint("parties", __name__)
