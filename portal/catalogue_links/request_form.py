"""The workshop's units on the workshop-period request form, as the placements' view asks for
them through :data:`portal.placements.extension_points.unit_choices` (plugged in ``init_app``)."""

from __future__ import annotations

from typing import Any

from flask import Response

from portal.auth.models import User
from portal.catalogue_links import offers, service
from portal.parties.models import Party
from portal.placements.models import Placement


def prepare(form: Any, receivers: list[Party], placement: Placement | None = None) -> offers.Offer:
    return offers.prepare(form, receivers, placement)


def render_choices(form: Any, offer: offers.Offer) -> Response:
    return offers.render_choices(form, offer)


def check(actor: User, receiver: Party, form: Any) -> service.Choice:
    return service.check(actor, receiver, *offers.requested(form))


def record(placement: Placement, choice: service.Choice) -> None:
    service.record(placement, choice)
