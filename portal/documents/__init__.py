"""Documents with confidentiality marks: sharing, versions, stamped downloads, the access log
and disclosure permissions."""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

from portal.core import navigation
from portal.core.navigation import NavItem

bp = Blueprint("documents", __name__, url_prefix="/documents")

from portal.documents import cli, disclosure_views, upload_views, views  # noqa: E402,F401


def init_app(app: Flask) -> None:
    from portal.documents import policy  # noqa: F401

    app.register_blueprint(bp)
    navigation.add(NavItem("documents.index", _l("Documents"), 50, section="documents."))
