"""The watch over the whole run finds a young person's name wherever it is given out."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest

from portal.notifications.models import Notification
from portal.outbox import service as outbox
from portal.outbox.service import Attachment
from portal.placements.models import PlacementStatus
from tests.factories import PlacementBuilder
from tests.factories.annual_calendar import EventFactory
from tests.people import People
from tests.privacy_scan import SCANNER, Scanner

NAME = "Vuotava Esimerkkinen"


@pytest.fixture
def scanner() -> Iterator[Scanner]:
    """A scanner of its own, while the run's own looks away from these leaks on purpose."""
    own = Scanner()
    with SCANNER.paused():
        own.install()
        try:
            yield own
        finally:
            own.uninstall()


def test_a_name_in_an_email_or_its_invitation_is_found(
    scanner: Scanner, make_placement: PlacementBuilder, people: People, db: Any
) -> None:
    make_placement(PlacementStatus.ONGOING, full_name=NAME)
    outbox.queue(people.workshop_coordinator.email, "Subject", f"About {NAME}", purpose="x")
    invitation = Attachment("i.ics", f"SUMMARY:{NAME}", "text/calendar")
    outbox.queue(
        people.workshop_staff.email, "Meeting", "Body", purpose="y", attachments=[invitation]
    )
    db.session.flush()
    where = [leak.where for leak in scanner.leaks()]
    assert where == ["an e-mail (x)", "an e-mail (y), its attachment i.ics"]


def test_a_name_in_the_log_is_found_and_a_demo_name_is_known(scanner: Scanner) -> None:
    logging.getLogger("portal.anything").warning("Processed %s", "Arttu Kivimaa")
    (leak,) = scanner.leaks()
    assert leak.name == "Arttu Kivimaa" and leak.where == "the log (portal.anything)"


def test_a_name_in_a_notification_is_found(
    scanner: Scanner, make_placement: PlacementBuilder, people: People, db: Any
) -> None:
    make_placement(PlacementStatus.ONGOING, full_name=NAME)
    db.session.add(
        Notification(
            user_id=people.workshop_coordinator.id,
            kind="party.joined",
            params={"party": NAME},
            link="/placements/1",
        )
    )
    db.session.flush()
    assert [leak.where for leak in scanner.leaks()] == ["a notification (party.joined)"]


def test_references_alone_are_no_leak(
    scanner: Scanner, make_placement: PlacementBuilder, people: People, db: Any
) -> None:
    placement = make_placement(PlacementStatus.ONGOING, full_name=NAME)
    outbox.queue(
        people.workshop_coordinator.email, placement.reference, placement.initials, purpose="x"
    )
    db.session.flush()
    assert scanner.leaks() == []


def test_a_name_in_a_calendar_served_is_found(
    scanner: Scanner, make_placement: PlacementBuilder, people: People, login: Any
) -> None:
    make_placement(PlacementStatus.ONGOING, full_name=NAME)
    event = EventFactory(title=f"Meeting about {NAME}", invited_parties=[people.workshop])
    response = login(people.workshop_coordinator).get(f"/calendar/events/{event.id}.ics")
    assert response.status_code == 200
    assert [leak.where for leak in scanner.leaks()] == ["a calendar served"]
