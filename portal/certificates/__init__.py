"""Competence certificates (*osaamistodistus*): issued by the workshop for chosen
qualification units as a signed PDF, kept as the placement's confidential document shared
with the education provider, who records what it recognised in the HOKS; and a page that
verifies a certificate by its code."""

from flask import Flask


def init_app(app: Flask) -> None:
    from portal.certificates import models, policy, templating, views  # noqa: F401
    from portal.certificates.blueprint import bp
    from portal.core.extension_points import panels
    from portal.documents.extension_points import sealed

    app.register_blueprint(bp)
    # The PDF as issued is what the certificate's hash refers to: no new versions of it.
    sealed.connect(policy.is_certificate_pdf)
    # Before the placement's other documents: the certificate is what the provider looks for.
    panels.add("placements.detail.documents", "certificates/_placement.html", order=5)
