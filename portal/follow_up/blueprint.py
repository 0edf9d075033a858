"""The follow-ups' blueprint; its views attach to it."""

from flask import Blueprint

bp = Blueprint("follow_up", __name__, url_prefix="/follow-ups", cli_group="follow-up")
