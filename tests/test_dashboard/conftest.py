"""The people of a workshop and an education provider, an outsider, and the things that
reach the front page: placements, documents, events and action items, made as each
feature would have left them."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from html import unescape
from typing import Any

import pytest
from flask.testing import FlaskClient

from portal.annual_calendar.models import (
    ActionItem,
    Event,
    EventKind,
    Invitation,
)
from portal.auth.models import Role, User
from portal.core.i18n import HELSINKI
from portal.core.models import utcnow
from portal.documents.models import Classification, DisclosureRequest, Document, DocumentVersion
from portal.extensions import db as _db
from portal.parties.models import Party, PartyKind
from portal.placements.models import (
    Direction,
    Placement,
    PlacementAgreement,
    PlacementSignature,
    PlacementStatus,
    PlacementStep,
    StepKind,
    SupportLevel,
)
from tests import factories

S = PlacementStatus


@dataclass
class People:
    parik: Party
    luovi: Party
    kotka: Party
    maria: User  # Parik's coordinator
    sanna: User  # Parik's staff
    paivi: User  # Luovi's coordinator
    mikko: User  # Luovi's staff
    olli: User  # Kotka's coordinator: sees nothing of Parik's and Luovi's


@pytest.fixture
def people(db: Any) -> People:
    parik = factories.PartyFactory(name="Parik-säätiö", kind=PartyKind.WORKSHOP)
    luovi = factories.PartyFactory(name="Ammattiopisto Luovi", kind=PartyKind.EDUCATION_PROVIDER)
    kotka = factories.PartyFactory(name="Kotkan paja", kind=PartyKind.WORKSHOP)
    return People(
        parik=parik,
        luovi=luovi,
        kotka=kotka,
        maria=factories.coordinator_of(parik, email="maria@parik.example", name="Maria"),
        sanna=factories.UserFactory(party=parik, role=Role.STAFF, email="sanna@parik.example"),
        paivi=factories.coordinator_of(luovi, email="paivi@luovi.example", name="Päivi"),
        mikko=factories.UserFactory(party=luovi, role=Role.STAFF, email="mikko@luovi.example"),
        olli=factories.coordinator_of(kotka, email="olli@kotka.example", name="Olli"),
    )


def make_placement(
    reference: str,
    sender: Party,
    receiver: Party,
    status: PlacementStatus,
    *,
    direction: Direction = Direction.TO_WORKSHOP,
    start_on: date | None = None,
    end_on: date | None = None,
    versions: int = 0,
    signed_by: tuple[Party, ...] = (),
) -> Placement:
    """A placement in ``status``; its latest agreement version signed by ``signed_by``."""
    start_on = start_on or date.today() + timedelta(days=60)
    placement = Placement(
        direction=direction,
        status=status,
        sender_party_id=sender.id,
        receiver_party_id=receiver.id,
        reference=reference,
        initials="A.B.",
        start_on=start_on,
        end_on=end_on or start_on + timedelta(days=90),
        livelihood_checked=True,
        support_level=SupportLevel.BASIC,
        daily_price=Decimal("40.00"),
        submitted_at=None if status == S.DRAFT else utcnow() - timedelta(days=30),
        started_on=start_on if status == S.ONGOING else None,
    )
    for number in range(1, versions + 1):
        version = PlacementAgreement(number=number, terms={})
        placement.agreements.append(version)
        parties = signed_by if number == versions else (sender, receiver)
        for party in parties:
            version.signatures.append(
                PlacementSignature(
                    party_id=party.id, signer_name="Allekirjoittaja", signer_role=Role.COORDINATOR
                )
            )
    _db.session.add(placement)
    _db.session.commit()
    return placement


def add_step(
    placement: Placement, actor: User, kind: StepKind, days_ago: float = 1
) -> PlacementStep:
    step = PlacementStep(
        placement_id=placement.id,
        kind=kind,
        actor_id=actor.id,
        actor_name=actor.name,
        party_id=actor.party_id,
        at=utcnow() - timedelta(days=days_ago),
    )
    _db.session.add(step)
    _db.session.commit()
    return step


def make_event(
    organiser: Party,
    title: str,
    day: date,
    *,
    parties: tuple[Party, ...] = (),
    people: tuple[User, ...] = (),
    kind: EventKind = EventKind.MEETING,
) -> Event:
    event = Event(
        kind=kind,
        title=title,
        organiser=organiser,
        starts_at=datetime.combine(day, time(9), tzinfo=HELSINKI),
        ends_at=datetime.combine(day, time(12), tzinfo=HELSINKI),
        place="Kouvola",
    )
    event.invited_parties = list(parties)
    event.invitations = [Invitation(user=u, personal=True) for u in people]
    _db.session.add(event)
    _db.session.commit()
    return event


def make_action_item(event: Event, owner: User, title: str, due_on: date, **kw: Any) -> ActionItem:
    item = ActionItem(event=event, owner=owner, title=title, due_on=due_on, **kw)
    _db.session.add(item)
    _db.session.commit()
    return item


def make_document(
    owner: User,
    title: str,
    classification: Classification = Classification.CONFIDENTIAL,
    *,
    recipients: tuple[Party, ...] = (),
    days_ago: float = 1,
    staff_may_see: bool = False,
) -> Document:
    assert owner.party is not None
    at = utcnow() - timedelta(days=days_ago)
    document = Document(
        owner_party_id=owner.party.id,
        title=title,
        classification=classification,
        created_by_id=owner.id,
        created_at=at,
        recipients=list(recipients),
        staff_may_see=staff_may_see,
    )
    document.versions = [
        DocumentVersion(
            number=1,
            filename="a.pdf",
            content_type="application/pdf",
            size=1,
            sha256="0" * 64,
            storage_key=f"key-{title}",
            uploaded_by_id=owner.id,
            uploaded_at=at,
        )
    ]
    _db.session.add(document)
    _db.session.commit()
    return document


def make_disclosure_request(document: Document, requester: User) -> DisclosureRequest:
    assert requester.party_id is not None and document.current_version is not None
    request = DisclosureRequest(
        document=document,
        version=document.current_version,
        requester_party_id=requester.party_id,
        requested_by_id=requester.id,
        third_party="Kela",
        purpose="Tarkoitus",
        scope="Koko asiakirja",
    )
    _db.session.add(request)
    _db.session.commit()
    return request


@pytest.fixture
def front_page(login: Callable[[User], FlaskClient]) -> Callable[[User], dict[str, str]]:
    """The text of each section of the user's front page, read in English."""

    def _read(user: User) -> dict[str, str]:
        user.locale = "en"
        response = login(user).get("/")
        assert response.status_code == 200
        return sections_of(response.get_data(as_text=True))

    return _read


def sections_of(html: str) -> dict[str, str]:
    found = {}
    for name in ("waiting", "coming", "new"):
        start = html.index(f'id="{name}"')
        found[name] = text_of(html[start : html.index("</section>", start)])
    return found


def text_of(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))).strip()


def count_in(section: str) -> int:
    """The number in the section's heading: "Waiting for me 3 …"."""
    match = re.match(r"\D*?(\d+)", section)
    assert match, section
    return int(match.group(1))
