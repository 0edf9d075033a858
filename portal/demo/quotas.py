"""Quota places: Parik-säätiö reserves places for Ammattiopisto Luovi.

Four places of the wood and metal workshop, partly filled with the demo's workshop periods
and a named reservation; three places of the restaurant, for the next term, with one
reservation; and a quota past its reply-by date whose unfilled place went back.
"""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from portal.core import dates
from portal.demo import DemoContext
from portal.extensions import db
from portal.parties.models import Party, Unit
from portal.placements.models import Placement
from portal.quotas import service
from portal.quotas.expiry import return_unfilled
from portal.quotas.models import Quota, QuotaAllocation

MARIA = "maria.virtanen@parik.example"
JUKKA = "jukka.lehtonen@parik.example"
PAIVI = "paivi.korhonen@luovi.example"


def _unit(party: Party, name: str) -> Unit:
    return next(u for u in party.units if u.name == name)


def _placement(reference: str) -> Placement:
    placement = db.session.scalar(sa.select(Placement).where(Placement.reference == reference))
    assert placement is not None, reference
    return placement


def _fill(quota: Quota, placement: Placement, by: int) -> None:
    assert placement.end_on is not None
    quota.allocations.append(
        QuotaAllocation(
            placement=placement,
            start_on=placement.start_on,
            end_on=placement.end_on,
            created_by_id=by,
        )
    )


def _reserve(quota: Quota, reference: str, start: date, end: date, by: int) -> QuotaAllocation:
    place = QuotaAllocation(reference=reference, start_on=start, end_on=end, created_by_id=by)
    quota.allocations.append(place)
    return place


def load(context: DemoContext) -> None:
    today = dates.today()
    parik, luovi = context.party("parik"), context.party("luovi")
    maria, jukka, paivi = context.user(MARIA), context.user(JUKKA), context.user(PAIVI)
    days = timedelta

    wood = service.create_quota(
        jukka,
        service.QuotaDetails(
            unit=_unit(parik, "Puu- ja metallityö"),
            provider=luovi,
            field_name="Rakennus- ja puuala",
            start_on=today - days(60),
            end_on=today + days(200),
            places=4,
            reply_by=today + days(14),
            note="Puutyöpajalla on tilaa neljälle opiskelijalle kerrallaan koko kauden.",
        ),
    )
    _fill(wood, _placement("LUOVI-2026-031"), paivi.id)
    _fill(wood, _placement("LUOVI-2026-040"), paivi.id)
    _reserve(wood, "LUOVI-VARAUS-07", today + days(21), today + days(110), paivi.id)
    early = _reserve(wood, "LUOVI-VARAUS-03", today - days(50), today + days(40), paivi.id)
    early.released_on = today - days(20)
    early.released_by_id = paivi.id

    kitchen = service.create_quota(
        maria,
        service.QuotaDetails(
            unit=_unit(parik, "Ravintola ja catering"),
            provider=luovi,
            field_name="Ravintola- ja catering-ala",
            start_on=today + days(40),
            end_on=today + days(220),
            places=3,
            reply_by=today + days(30),
        ),
    )
    _reserve(kitchen, "LUOVI-VARAUS-11", today + days(40), today + days(130), paivi.id)

    # Past its reply-by date: one of the two places was filled, the other went back.
    property_care = service.create_quota(
        maria,
        service.QuotaDetails(
            unit=_unit(parik, "Kiinteistöhuolto"),
            provider=luovi,
            field_name="Talotekniikka ja kiinteistöpalvelut",
            start_on=today - days(20),
            end_on=today + days(120),
            places=2,
            reply_by=today - days(5),
        ),
    )
    _fill(property_care, _placement("LUOVI-2026-036"), paivi.id)
    db.session.flush()
    return_unfilled(property_care, today - days(4))
