"""Quota places (kiintiöpaikat): places a workshop reserves for an education provider."""

from flask import Flask
from flask_babel import lazy_gettext as _l

from portal.core import navigation
from portal.core.navigation import NavItem


def init_app(app: Flask) -> None:
    from portal.core.extension_points import panels
    from portal.outbox import worker
    from portal.placements import terms
    from portal.quotas import cli, monitoring, place_views, policy, views  # noqa: F401
    from portal.quotas.blueprint import bp
    from portal.quotas.expiry import release_expired
    from portal.quotas.occupancy import is_live
    from portal.quotas.offers import quota_offers
    from portal.quotas.placement_hooks import check_placement_dates, place_of
    from portal.quotas.views import takes_part

    app.register_blueprint(bp)
    navigation.add(NavItem("quotas.index", _l("Quota places"), 25, takes_part, section="quotas."))
    # A placement that fills a place keeps its dates inside the quota; its page shows the place.
    terms.on_dates_change(check_placement_dates)
    app.jinja_env.globals["quota_place_of"] = place_of
    panels.add("placements.detail.terms", "quotas/_placement_place.html", order=20)
    app.jinja_env.globals["quota_place_is_held"] = is_live
    # The catalogue shows beside a workshop unit the places it keeps for the reader's party.
    app.jinja_env.globals["quota_offers"] = quota_offers
    panels.add("catalogue.environment.offers", "quotas/_catalogue_offers.html", order=10)
    # Places not filled by the reply-by date go back to the workshop, checked every round.
    worker.each_round(release_expired)
    monitoring.register()
