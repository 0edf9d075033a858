from flask import Blueprint

bp = Blueprint("invoicing", __name__, url_prefix="/invoicing")
