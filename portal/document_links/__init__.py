"""Documents that belong to something: a placement's documents, an event's agenda and
minutes, a learning-environment report's signed copy and a party's notice of withdrawal."""

from flask import Blueprint, Flask

bp = Blueprint("document_links", __name__)


def init_app(app: Flask) -> None:
    # Imported here: these modules reach into the features that show linked documents.
    from portal.document_links import policy, templating  # noqa: F401

    app.register_blueprint(bp)
