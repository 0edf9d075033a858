"""Organisation sign-in's blueprint: the way to the provider and back, and the admin page."""

from flask import Blueprint

bp = Blueprint("identity", __name__)
