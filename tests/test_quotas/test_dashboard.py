"""Quota places on the front page: places for the provider's coordinators to fill before the
reply-by date, and quota periods starting and ending, for the people of both parties."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask.testing import FlaskClient
from flask_babel import format_date

from portal.auth.models import User
from portal.extensions import db
from portal.parties.models import Party
from portal.placements.models import Placement, PlacementStatus
from portal.quotas import places
from portal.quotas.models import Quota
from tests.test_dashboard.conftest import count_in, sections_of
from tests.test_quotas.conftest import day, hold

S = PlacementStatus
FrontPage = Callable[[User], dict[str, str]]


def front_page(login: Callable[[User], FlaskClient], user: User) -> dict[str, str]:
    user.locale = "en"
    response = login(user).get("/")
    assert response.status_code == 200
    return sections_of(response.get_data(as_text=True))


def english(value: Any) -> str:
    from flask import current_app

    with current_app.test_request_context(headers={"Accept-Language": "en"}):
        return format_date(value)


def test_the_providers_coordinator_is_asked_to_fill_the_places_before_the_reply_by_date(
    app: Any, people: dict[str, User], make_quota: Any, login: Any
) -> None:
    quota = make_quota(places=3, reply_by=day(10))
    hold(quota, 0, 60)
    hold(quota, 61, 180, reference="LUOVI-VARAUS-2")  # the same place after the first: 1 in use
    with app.app_context():
        by = english(day(10))
    waiting = front_page(login, people["provider_coordinator"])["waiting"]
    assert (
        f"Quota places to fill 1 Fill 2 quota places of Parik-säätiö, Puu- ja metallityö by {by}"
        in waiting
    )
    assert "Rakennus- ja puuala" in waiting
    assert count_in(waiting) == 1
    html = login(people["provider_coordinator"]).get("/").get_data(as_text=True)
    assert f'href="/quotas/{quota.id}"' in html
    # The workshop waits for nothing; staff do not fill; another workshop sees nothing of it.
    for other in ("workshop_coordinator", "workshop_staff", "provider_staff", "outsider", "admin"):
        waiting = front_page(login, people[other])["waiting"]
        assert "Quota places to fill" not in waiting, other


def test_only_a_reply_by_date_within_two_weeks_waits(
    app: Any, people: dict[str, User], make_quota: Any, login: Any
) -> None:
    make_quota(reply_by=day(15), field_name="Later")
    make_quota(reply_by=day(0), field_name="Today")
    make_quota(reply_by=day(14), field_name="In two weeks")
    waiting = front_page(login, people["provider_coordinator"])["waiting"]
    assert "Later" not in waiting
    assert "Quota places to fill 2" in waiting
    assert waiting.index("Today") < waiting.index("In two weeks")
    assert waiting.count("Due today") == 1


def test_the_item_goes_when_the_places_are_filled(
    app: Any,
    people: dict[str, User],
    make_quota: Any,
    login: Any,
    period: Callable[..., Placement],
) -> None:
    quota = make_quota(places=2, reply_by=day(5))
    coordinator = people["provider_coordinator"]
    # The services build links for notifications, so they run in a request.
    with app.test_request_context(headers={"Accept-Language": "en"}):
        places.reserve(
            coordinator, quota, reference="LUOVI-VARAUS-9", start_on=day(0), end_on=day(90)
        )
        db.session.commit()
    assert "Fill 1 quota place of" in front_page(login, coordinator)["waiting"]
    with app.test_request_context(headers={"Accept-Language": "en"}):
        places.fill_with_placement(coordinator, quota, period(10, 170))
        db.session.commit()
    assert "Quota places to fill" not in front_page(login, coordinator)["waiting"]


def test_the_item_goes_when_the_places_went_back(
    people: dict[str, User], make_quota: Any, login: Any
) -> None:
    quota = make_quota(places=2, reply_by=day(5))
    assert "Fill 2 quota places" in front_page(login, people["provider_coordinator"])["waiting"]
    quota.released_on, quota.released_places, quota.places = day(0), 2, 0
    db.session.commit()
    assert (
        "Quota places to fill" not in front_page(login, people["provider_coordinator"])["waiting"]
    )


def test_a_withdrawn_workshop_asks_for_no_places(
    people: dict[str, User], make_quota: Any, login: Any, workshop: Party
) -> None:
    make_quota(reply_by=day(5))
    workshop.withdrawn_on = day(-1)
    db.session.commit()
    assert (
        "Quota places to fill" not in front_page(login, people["provider_coordinator"])["waiting"]
    )


def test_quota_periods_starting_and_ending_are_coming_up_for_both_parties(
    app: Any, people: dict[str, User], make_quota: Any, login: Any
) -> None:
    starting = make_quota(start_on=day(20), end_on=day(200), reply_by=day(19))
    make_quota(start_on=day(-100), end_on=day(30), reply_by=day(-90), field_name="Metalliala")
    make_quota(start_on=day(50), end_on=day(200), reply_by=day(45), field_name="Myöhemmin")
    # A quota whose every place went back starts nothing worth telling.
    make_quota(start_on=day(10), end_on=day(100), places=0, reply_by=day(5), field_name="Tyhjä")
    with app.app_context():
        start, end = english(day(20)), english(day(30))
    for who, other in (
        ("workshop_coordinator", "Ammattiopisto Luovi"),
        ("workshop_staff", "Ammattiopisto Luovi"),
        ("provider_coordinator", "Parik-säätiö"),
        ("provider_staff", "Parik-säätiö"),
    ):
        coming = front_page(login, people[who])["coming"]
        assert (
            f"Quota periods starting and ending 2 Quota period of Puu- ja metallityö starts "
            f"{start} · {other} · Rakennus- ja puuala · 2 places" in coming
        ), who
        assert f"Quota period of Puu- ja metallityö ends {end} · {other} · Metalliala" in coming
        assert "Myöhemmin" not in coming and "Tyhjä" not in coming
    html = login(people["provider_staff"]).get("/").get_data(as_text=True)
    assert f'href="/quotas/{starting.id}"' in html
    for who in ("outsider", "admin"):
        assert "Quota period" not in front_page(login, people[who])["coming"], who


def test_the_demo_provider_coordinator_has_places_to_fill(runner: Any, db: Any, login: Any) -> None:
    import sqlalchemy as sa

    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    paivi = db.session.scalar(sa.select(User).where(User.email == "paivi.korhonen@luovi.example"))
    waiting = front_page(login, paivi)["waiting"]
    assert "Fill 1 quota place of Parik-säätiö, Puu- ja metallityö by" in waiting
    wood = db.session.scalar(sa.select(Quota).where(Quota.field_name == "Rakennus- ja puuala"))
    assert wood is not None and wood.reply_by > wood.start_on
