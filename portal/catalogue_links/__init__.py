"""The catalogue's links to placements: a workshop-period request started from a
learning-environment report, and the request form offering what the workshop reported."""

from flask import Flask


def init_app(app: Flask) -> None:
    from portal.catalogue import extension_points as catalogue
    from portal.catalogue_links import (
        links,
        request_form,
    )
    from portal.catalogue_links.blueprint import bp
    from portal.core.extension_points import panels
    from portal.placements.extension_points import unit_choices

    app.register_blueprint(bp)
    # The placement request form offers the workshop's units and their reports' units.
    unit_choices.plug(request_form)
    catalogue.period_request_url.plug(links.period_request_url)
    panels.add("placements.request_form.units", "catalogue_links/_choices.html")
    panels.add("placements.detail.terms", "catalogue_links/_placement_source.html", order=10)
    panels.add("catalogue.environment.offers", "catalogue_links/_request_link.html", order=20)
