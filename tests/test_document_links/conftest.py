"""One placement, one meeting and one report among the common people (``people``), and
documents shared for them through the real upload form or the real services."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import time, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from portal.annual_calendar import service as calendar_service
from portal.annual_calendar.details import EventDetails
from portal.annual_calendar.models import Event, EventKind
from portal.auth.models import User
from portal.catalogue.models import LearningEnvironment
from portal.core.dates import today
from portal.document_links import service as link_service
from portal.document_links import targets
from portal.document_links.models import DocumentLink, EventRole
from portal.documents.models import Classification, Document
from portal.documents.service import DocumentDetails
from portal.parties.models import Party, Unit
from portal.placements.models import Placement
from tests import factories
from tests.files import make_pdf, own_storage, store  # noqa: F401  (own_storage: autouse)
from tests.people import People

Login = Callable[[User], FlaskClient]


@dataclass
class World:
    parik: Party  # a workshop
    luovi: Party  # an education provider
    kymsote: Party  # social services: a party, but not of the placement
    tpy: Party  # a supporting organisation, not a party
    parik_coordinator: User
    parik_staff: User
    luovi_coordinator: User
    luovi_staff: User
    kymsote_coordinator: User
    tpy_person: User  # the supporting organisation's coordinator
    admin: User
    # Luovi's student on a workshop period at Parik, under way.
    placement: Placement
    # Luovi's placement with another workshop: Parik does not see it.
    other_placement: Placement
    # Parik's meeting: Luovi invited as a party, the supporting organisation's person by name.
    meeting: Event
    # Kymsote's meeting with Luovi only: Parik does not see it.
    other_event: Event
    # The published report of Parik's wood workshop.
    report: LearningEnvironment
    wood: Unit

    def person(self, name: str) -> User:
        person: User = getattr(self, name)
        return person


def _event(app: Flask, db: Any, actor: User, **values: Any) -> Event:
    day = today() + timedelta(days=values.pop("days", 14))
    details = EventDetails(
        kind=EventKind.MEETING,
        title=values.pop("title", "Yhteistyötapaaminen"),
        start_date=day,
        end_date=day,
        start_time=time(9, 0),
        end_time=time(12, 0),
        **values,
    )
    with app.test_request_context():
        event = calendar_service.create_event(actor, details)
        db.session.commit()
    return event


@pytest.fixture
def world(app: Flask, db: Any, people: People) -> World:
    wood = factories.UnitFactory(party=people.workshop, name="Puu- ja metallityö")
    # Workshop periods under way since a month, as the workflow would have left them.
    under_way: dict[str, Any] = {
        "ongoing": True,
        "start_on": today() - timedelta(days=30),
        "end_on": today() + timedelta(days=90),
    }
    return World(
        parik=people.workshop,
        luovi=people.provider,
        kymsote=people.social,
        tpy=people.supporting,
        parik_coordinator=people.workshop_coordinator,
        parik_staff=people.workshop_staff,
        luovi_coordinator=people.provider_coordinator,
        luovi_staff=people.provider_staff,
        kymsote_coordinator=people.social_coordinator,
        tpy_person=people.supporting_coordinator,
        admin=people.admin,
        placement=factories.PlacementFactory(
            **under_way,
            # The two parties' staff are on its team (need to know).
            team=(people.workshop_staff, people.provider_staff),
            sender=people.provider,
            receiver=people.workshop,
            reference="LUOVI-2026-031",
        ),
        other_placement=factories.PlacementFactory(
            **under_way,
            sender=people.provider,
            receiver=people.other_workshop,
            reference="LUOVI-2026-099",
        ),
        meeting=_event(
            app,
            db,
            people.workshop_coordinator,
            invited_party_ids=[people.provider.id],
            invited_user_ids=[people.supporting_coordinator.id],
        ),
        other_event=_event(
            app,
            db,
            people.social_coordinator,
            title="Kymsoten palaveri",
            invited_party_ids=[people.provider.id],
        ),
        report=factories.LearningEnvironmentFactory(
            unit=wood, work_description="Huonekalujen valmistus", author="Jukka Lehtonen"
        ),
        wood=wood,
    )


def upload_form(
    *,
    belongs_to: str = "",
    belongs_to_name: str = "",
    role: str = "",
    title: str = "Väliarvio",
    classification: Classification = Classification.CONFIDENTIAL,
    recipients: list[int] | None = None,
    staff_may_see: bool = False,
    next_url: str = "",
    content: bytes | None = None,
    filename: str = "valiarvio.pdf",
) -> dict[str, Any]:
    """The upload form as the browser sends it: the fields, then the file last."""
    data: dict[str, Any] = {
        "title": title,
        "description": "",
        "belongs_to": belongs_to,
        "belongs_to_name": belongs_to_name,
        "classification": classification.value,
        "legal_basis": "",
        "secret_until": "",
        "recipients": [str(i) for i in recipients or []],
        "next": next_url,
    }
    if role:
        data["event_role"] = role
    if staff_may_see:
        data["staff_may_see"] = "y"
    data["file"] = (io.BytesIO(make_pdf() if content is None else content), filename)
    return data


Share = Callable[..., TestResponse]


@pytest.fixture
def share() -> Share:
    """Post the upload form as the given client."""

    def _share(client: FlaskClient, **fields: Any) -> TestResponse:
        return client.post(
            "/documents/new", data=upload_form(**fields), content_type="multipart/form-data"
        )

    return _share


Attach = Callable[..., Document]


@pytest.fixture
def attach(app: Flask, db: Any) -> Attach:
    """Share a document for an object through the services, as the upload form does."""

    def _attach(
        actor: User,
        obj: object,
        *,
        title: str = "Asiakirja",
        classification: Classification = Classification.CONFIDENTIAL,
        recipients: list[Party] | None = None,
        staff_may_see: bool = False,
        role: EventRole | None = None,
    ) -> Document:
        kind = targets.kind_of(obj)
        assert kind is not None
        with app.test_request_context():
            details = DocumentDetails(
                title=title,
                classification=classification,
                recipient_ids=[p.id for p in recipients or []],
                staff_may_see=staff_may_see,
            )
            upload = store(make_pdf(), "asiakirja.pdf")
            document = link_service.share(
                actor, details, upload, targets.LinkTarget(kind, obj, role)
            )
            db.session.commit()
        return document

    return _attach


def is_checked(html: str, name: str, value: str) -> bool:
    """Is the radio button or checkbox ``name`` = ``value`` checked in the form?"""
    return any(
        "checked" in tag and f'value="{value}"' in tag
        for tag in re.findall(rf'<input[^>]*name="{name}"[^>]*>', html)
    )


def links(db: Any) -> list[DocumentLink]:
    return list(db.session.scalars(sa.select(DocumentLink)))


def documents(db: Any) -> list[Document]:
    return list(db.session.scalars(sa.select(Document)))
