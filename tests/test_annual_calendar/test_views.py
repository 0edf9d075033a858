"""The wheel, the month list, the year overview, the filters and the meeting count."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from flask.testing import FlaskClient

from portal.annual_calendar import wheel
from portal.annual_calendar.models import Event, EventKind
from portal.auth.models import User
from portal.core.dates import today
from portal.parties.models import Party
from tests import factories


def svg_of(html: str) -> str:
    match = re.search(r"<svg class=\"wheel__svg\".*?</svg>", html, re.S)
    assert match, "the page has the wheel"
    return match.group(0)


def test_wheel_draws_twelve_months_and_links_each_event(
    coordinator_client: FlaskClient, meeting: Event, exchange: Event
) -> None:
    year = meeting.start_date.year
    html = coordinator_client.get("/calendar/", query_string={"year": year}).get_data(as_text=True)
    svg = svg_of(html)
    assert svg.count('class="wheel__month') == 12
    assert svg.count('class="wheel__label"') == 12 and ">tammi<" in svg
    link = re.search(rf'<a href="/calendar/events/{meeting.id}" aria-label="([^"]+)">', svg)
    assert link and "Yhteistyötapaaminen" in link.group(1)
    assert "Vastuuhenkilöiden tapaaminen: Yhteistyötapaaminen" in link.group(1)
    # The list beside the wheel holds the same events.
    listing = html[html.index('id="wheel-list-heading"') :]
    assert f"/calendar/events/{meeting.id}" in listing
    if exchange.start_date.year == year:
        assert f"/calendar/events/{exchange.id}" in svg


def test_today_is_marked_only_on_this_years_wheel(coordinator_client: FlaskClient) -> None:
    this_year = today().year
    now = coordinator_client.get("/calendar/").get_data(as_text=True)
    assert 'class="wheel__today"' in now and f">{this_year}<" in svg_of(now)
    other = coordinator_client.get("/calendar/", query_string={"year": this_year + 1})
    assert 'class="wheel__today"' not in other.get_data(as_text=True)


def test_cancelled_events_leave_the_wheel_but_stay_in_the_month_list(
    coordinator_client: FlaskClient, meeting: Event
) -> None:
    coordinator_client.post(f"/calendar/events/{meeting.id}/cancel", data={})
    day = meeting.start_date
    wheel_page = coordinator_client.get("/calendar/", query_string={"year": day.year})
    assert f"/calendar/events/{meeting.id}" not in wheel_page.get_data(as_text=True)
    month = coordinator_client.get(
        "/calendar/month", query_string={"year": day.year, "month": day.month}
    ).get_data(as_text=True)
    assert f"/calendar/events/{meeting.id}" in month and "Peruttu" in month


def test_month_list_shows_the_events_of_the_month_and_my_answer(
    login: Any, meeting: Event, supporting_coordinator: User
) -> None:
    client = login(supporting_coordinator)
    client.post(f"/calendar/events/{meeting.id}/answer", data={"answer": "maybe"})
    day = meeting.start_date
    html = client.get(
        "/calendar/month", query_string={"year": day.year, "month": day.month}
    ).get_data(as_text=True)
    assert "Yhteistyötapaaminen" in html and "Ehkä" in html
    following = day.replace(day=28) + timedelta(days=5)
    later = client.get(
        "/calendar/month", query_string={"year": following.year, "month": following.month}
    ).get_data(as_text=True)
    assert "Yhteistyötapaaminen" not in later


def test_year_overview_puts_events_under_their_month_and_kind(
    coordinator_client: FlaskClient, meeting: Event
) -> None:
    html = coordinator_client.get(
        "/calendar/year", query_string={"year": meeting.start_date.year}
    ).get_data(as_text=True)
    assert html.count('<th scope="row">') == 12
    assert f"/calendar/events/{meeting.id}" in html


def test_filters_by_kind_and_party(
    coordinator_client: FlaskClient,
    make_event: Any,
    coordinator: User,
    meeting: Event,
    provider: Party,
    social: Party,
) -> None:
    training = make_event(
        coordinator, kind=EventKind.TRAINING, title="Yhteiskoulutus", invited_party_ids=[social.id]
    )
    query = {"year": meeting.start_date.year, "month": meeting.start_date.month}
    for path in ("/calendar/", "/calendar/month", "/calendar/year"):
        by_kind = coordinator_client.get(path, query_string={**query, "kind": "training"})
        html = by_kind.get_data(as_text=True)
        assert f'/calendar/events/{training.id}"' in html
        assert f'/calendar/events/{meeting.id}"' not in html
        by_party = coordinator_client.get(path, query_string={**query, "party": provider.id})
        html = by_party.get_data(as_text=True)
        assert f'/calendar/events/{meeting.id}"' in html
        assert f'/calendar/events/{training.id}"' not in html
    # An unknown kind or party is no filter at all.
    html = coordinator_client.get("/calendar/month", query_string={**query, "kind": "x"})
    assert f'/calendar/events/{training.id}"' in html.get_data(as_text=True)


def test_filtering_with_htmx_returns_only_the_view(
    coordinator_client: FlaskClient, meeting: Event
) -> None:
    response = coordinator_client.get(
        "/calendar/month",
        query_string={"kind": "meeting", "year": meeting.start_date.year},
        headers={"HX-Request": "true"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in html and html.lstrip().startswith('<div id="calendar-view">')
    assert "HX-Request" in response.headers["Vary"]
    # The links of the tabs keep the filter.
    assert "kind=meeting" in html


def test_meeting_count_warns_of_none_and_of_too_many_without_reason(
    db: Any, coordinator_client: FlaskClient, make_event: Any, coordinator: User
) -> None:
    year = today().year + 2
    html = coordinator_client.get("/calendar/", query_string={"year": year}).get_data(as_text=True)
    assert "meeting-check--warning" in html
    assert "Vuodelle ei ole pidetty eikä suunniteltu" in html

    meetings = [make_event(coordinator, day=date(year, month, 10)) for month in (2, 5, 9, 11)]
    html = coordinator_client.get("/calendar/year", query_string={"year": year}).get_data(
        as_text=True
    )
    assert "4 vastuuhenkilöiden tapaamista vuonna" in html
    assert "meeting-check--warning" in html

    meetings[-1].extra_meeting_reason = "Yhteistyön alkuvaihe"
    db.session.commit()
    html = coordinator_client.get("/calendar/", query_string={"year": year}).get_data(as_text=True)
    assert "meeting-check--ok" in html and "Yhteistyön alkuvaihe" in html


def test_meeting_count_within_the_guidelines(
    coordinator_client: FlaskClient, meeting: Event
) -> None:
    html = coordinator_client.get(
        "/calendar/", query_string={"year": meeting.start_date.year}
    ).get_data(as_text=True)
    assert "meeting-check--ok" in html
    assert "1 vastuuhenkilöiden tapaaminen vuonna" in html


def test_wheel_geometry() -> None:
    assert wheel.angle_of(date(2027, 1, 1), 2027) == 0
    assert round(wheel.angle_of(date(2027, 7, 2), 2027)) == 180
    assert wheel.angle_of(date(2028, 1, 5), 2027) == 360
    path = wheel.sector(100.0, 200.0, 0, 90)
    assert path.startswith("M0.0 -200.0 A200.0 200.0 0 0 1 200.0 0.0")
    assert " 0 1 1 " in wheel.sector(100.0, 200.0, 0, 270)
    inner, outer = wheel.ring_bounds(EventKind.MEETING)
    assert outer == wheel.OUTER and inner < outer


def test_english_calendar_texts_read_day_month_year_and_24_hours(
    coordinator_client: FlaskClient, coordinator: User, meeting: Event, db: Any
) -> None:
    coordinator.locale = "en"
    db.session.commit()
    day = meeting.start_date
    html = coordinator_client.get(
        "/calendar/month", query_string={"year": day.year, "month": day.month}
    ).get_data(as_text=True)
    # The meeting runs 9.00–12.00 Helsinki time: "12:00 PM" or "Dec 6, 2026" would mislead.
    assert f"{day.day} {day.strftime('%b')} {day.year} 09:00–12:00" in html
    assert " AM" not in html and " PM" not in html


def test_the_party_filter_offers_the_parties_of_the_events_seen(
    coordinator_client: FlaskClient,
    make_event: Any,
    coordinator: User,
    social_coordinator: User,
    meeting: Event,
    provider: Party,
    social: Party,
) -> None:
    # Kymsote's own event, to which Parik is not invited, and a party with no events at all.
    make_event(social_coordinator, title="Kymsoten sisäinen", invited_party_ids=[])
    stranger = factories.PartyFactory(name="Etäinen Työpaja ry")
    html = coordinator_client.get(
        "/calendar/month", query_string={"year": meeting.start_date.year}
    ).get_data(as_text=True)
    select = html[
        html.index('id="filter-party"') : html.index("</select>", html.index('id="filter-party"'))
    ]
    # Parik organises, Luovi is invited; Kymsote organises only what Parik does not see.
    assert f'value="{coordinator.party_id}"' in select
    assert f'value="{provider.id}"' in select
    assert f'value="{social.id}"' not in select
    assert f'value="{stranger.id}"' not in select


def test_the_party_filter_offers_the_parties_of_the_years_events(
    coordinator_client: FlaskClient, make_event: Any, coordinator: User, provider: Party
) -> None:
    # Luovi is invited to an event next year only: this year's filter does not offer it.
    other = factories.PartyFactory(name="Kaukainen Oy")
    next_year = date(today().year + 1, 3, 10)
    make_event(coordinator, day=next_year, invited_party_ids=[provider.id, other.id])

    def offered(year: int) -> list[str]:
        html = coordinator_client.get("/calendar/", query_string={"year": year}).get_data(
            as_text=True
        )
        select = re.search(r'<select id="filter-party".*?</select>', html, re.S)
        assert select is not None
        return re.findall(r'<option value="\d+"[^>]*>([^<]+)</option>', select.group(0))

    assert "Kaukainen Oy" in offered(next_year.year)
    assert provider.name in offered(next_year.year)
    assert "Kaukainen Oy" not in offered(next_year.year - 1)
