"""Parties, their units and coordinators, the agreement and its signatures; the directory."""

from flask import Blueprint

bp = Blueprint("parties", __name__)

from portal.parties import admin, views  # noqa: E402,F401
