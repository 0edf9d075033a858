"""Documents with confidentiality marks: sharing, versions, stamped downloads, the access log
and disclosure permissions."""

from flask import Flask
from flask_babel import lazy_gettext as _l

from portal.core import navigation
from portal.core.navigation import NavItem


def init_app(app: Flask) -> None:
    from portal.auth.second_step.service import party_holds_secret_documents
    from portal.documents import (  # noqa: F401  (attach to the blueprint)
        cli,
        disclosure_views,
        monitoring,
        policy,
        upload_views,
        views,
    )
    from portal.documents.blueprint import bp
    from portal.documents.secret_holders import party_holds_secret_documents as holds

    app.register_blueprint(bp)
    # Two-step verification is required of the people of parties holding secret documents.
    party_holds_secret_documents.connect(holds)
    monitoring.register()
    navigation.add(NavItem("documents.index", _l("Documents"), 50, section="documents."))
