"""The privacy notice (tietosuojaseloste): a public page written from what the portal stores,
naming each party as a controller with its data protection contact; the administrator keeps
the parts that only people can write (the introduction, the retention, how to ask)."""

from flask import Flask


def init_app(app: Flask) -> None:
    from portal.privacy import admin, views  # noqa: F401
    from portal.privacy.blueprint import bp

    app.register_blueprint(bp)
