"""Documents with confidentiality marks: sharing, versions, stamped downloads, the access log
and disclosure permissions."""

from flask import Blueprint

bp = Blueprint("documents", __name__, url_prefix="/documents")

from portal.documents import cli, disclosure_views, upload_views, views  # noqa: E402,F401
