"""Fixtures for the outbox: running the worker at a chosen time, and a mail server that is down."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from portal.outbox import service, worker
from portal.outbox.models import OutboxMessage
from tests.mail import free_port

# A party that joins after the founding: every other party's coordinators are told.
JOINING_PARTY = {
    "name": "Kotkan nuorten työpaja",
    "kind": "workshop",
    "business_id": "0116297-6",
    "locality": "Kotka",
}

Worker = Callable[..., worker.SendReport]


@pytest.fixture
def run_worker(app: Flask, db: Any) -> Worker:
    """One round of the worker, as `flask --app portal outbox send-pending`, at ``now``."""

    def _run(now: datetime | None = None) -> worker.SendReport:
        with app.app_context():
            return worker.send_due(now)

    return _run


@contextmanager
def mail_server_down(app: Flask) -> Iterator[None]:
    """Point the portal at a port where nothing listens, as when the mail server is down."""
    saved = app.config["MAIL_PORT"]
    app.config["MAIL_PORT"] = free_port()
    try:
        yield
    finally:
        app.config["MAIL_PORT"] = saved


@contextmanager
def setting(app: Flask, name: str, value: Any) -> Iterator[None]:
    saved = app.config[name]
    app.config[name] = value
    try:
        yield
    finally:
        app.config[name] = saved


def queue_message(
    app: Flask, db: Any, to: str = "maija@silta.example", **kwargs: Any
) -> OutboxMessage:
    """A committed message in the outbox."""
    with app.app_context():
        message = service.queue(
            to, kwargs.pop("subject", "Aihe"), "Teksti", purpose="party.joined", **kwargs
        )
        db.session.commit()
    return message


def all_messages(db: Any) -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)))
