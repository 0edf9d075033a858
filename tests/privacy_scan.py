"""Nothing personal where it need not be: a watch over the whole test run.

While the suite runs, this collects every text the portal gives out of itself — each e-mail
queued in the outbox (subject, body and text attachments such as invitations), each
notification's parameters and link, each calendar served (the subscription feed and an
event's download) and each log record — and at the end looks for the young people's names
in them. The names are the demo's (``portal.demo.young_people``) and every full name a test
gives a placement. A name found fails the run (``pytest_sessionfinish`` in tests/conftest.py),
with where it was seen.

Only texts are kept, and only until the end: matching them once with one pattern keeps the
suite as fast as before.
"""

from __future__ import annotations

import base64
import json
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from flask import Flask, Response, request_finished

from portal.demo.young_people import NAMES as DEMO_NAMES
from portal.notifications.models import Notification
from portal.outbox.models import OutboxMessage
from portal.placements.models import Placement


@dataclass(frozen=True)
class Leak:
    name: str
    where: str
    text: str

    def __str__(self) -> str:
        at = self.text.find(self.name)
        excerpt = self.text[max(0, at - 60) : at + len(self.name) + 60].replace("\n", " ")
        return f"{self.name!r} in {self.where}: …{excerpt}…"


class _LogCollector(logging.Handler):
    def __init__(self, scanner: Scanner) -> None:
        super().__init__(logging.NOTSET)
        self.scanner = scanner

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = record.getMessage()
        except Exception:  # a record whose arguments do not fit its message: keep the parts
            text = f"{record.msg} {record.args}"
        if record.exc_info and record.exc_info[1] is not None:
            text += f"\n{record.exc_info[1]}"
        self.scanner.seen(f"the log ({record.name})", text)


@dataclass
class Scanner:
    texts: list[tuple[str, str]] = field(default_factory=list)
    names: set[str] = field(default_factory=lambda: set(DEMO_NAMES.values()))
    watching: bool = True

    def __post_init__(self) -> None:
        self.handler = _LogCollector(self)

    def seen(self, where: str, text: str) -> None:
        if self.watching and text:
            self.texts.append((where, text))

    def learn(self, name: str) -> None:
        # A name of two words or more: a single word could be anything.
        if self.watching and len(name.split()) >= 2:
            self.names.add(name.strip())

    # --- what is watched -------------------------------------------------------------------

    def _outbox(self, mapper: Any, connection: Any, message: OutboxMessage) -> None:
        where = f"an e-mail ({message.purpose})"
        self.seen(where, f"{message.subject}\n{message.body}")
        for attachment in message.attachments or []:
            if str(attachment.get("mimetype", "")).startswith("text/"):
                data = base64.b64decode(attachment.get("data", "")).decode("utf-8", "replace")
                self.seen(f"{where}, its attachment {attachment.get('filename')}", data)

    def _notification(self, mapper: Any, connection: Any, notice: Notification) -> None:
        params = json.dumps(notice.params or {}, ensure_ascii=False)
        self.seen(f"a notification ({notice.kind})", f"{params}\n{notice.link}")

    def _placement(self, mapper: Any, connection: Any, placement: Placement) -> None:
        if placement.full_name:
            self.learn(placement.full_name)

    def _response(self, sender: Flask, response: Response, **extra: Any) -> None:
        if response.mimetype == "text/calendar" and not response.direct_passthrough:
            self.seen("a calendar served", response.get_data(as_text=True))

    def install(self) -> None:
        logging.getLogger().addHandler(self.handler)
        # The portal's own INFO records (mail in development, the worker, the commands) are
        # made only when its logger lets them through; it is left unset in tests otherwise.
        portal_logger = logging.getLogger("portal")
        if portal_logger.level == logging.NOTSET:
            portal_logger.setLevel(logging.INFO)
        for event in ("after_insert", "after_update"):
            sa.event.listen(OutboxMessage, event, self._outbox)
            sa.event.listen(Notification, event, self._notification)
            sa.event.listen(Placement, event, self._placement)
        request_finished.connect(self._response)

    def uninstall(self) -> None:
        logging.getLogger().removeHandler(self.handler)
        for event in ("after_insert", "after_update"):
            sa.event.remove(OutboxMessage, event, self._outbox)
            sa.event.remove(Notification, event, self._notification)
            sa.event.remove(Placement, event, self._placement)
        request_finished.disconnect(self._response)

    @contextmanager
    def paused(self) -> Iterator[None]:
        """For a test that leaks on purpose, to show that a leak is found."""
        self.watching = False
        try:
            yield
        finally:
            self.watching = True

    # --- the finding -----------------------------------------------------------------------

    def leaks(self) -> list[Leak]:
        if not self.names:
            return []
        pattern = re.compile(
            "|".join(re.escape(name) for name in sorted(self.names, key=len, reverse=True))
        )
        found = []
        for where, text in self.texts:
            match = pattern.search(text)
            if match:
                found.append(Leak(match.group(0), where, text))
        return found


SCANNER = Scanner()
