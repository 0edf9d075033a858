"""The log as the operator's log platform receives it: the portal's own handler, in JSON."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest

from portal.core.observability.logs import make_handler


class CapturedLog:
    def __init__(self) -> None:
        self.stream = io.StringIO()
        self.handler = make_handler("json", self.stream)

    def text(self) -> str:
        return self.stream.getvalue()

    def lines(self) -> list[str]:
        return [line for line in self.text().splitlines() if line]

    def records(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.lines()]

    def requests(self) -> list[dict[str, Any]]:
        return [r for r in self.records() if r["logger"] == "portal.request"]


@pytest.fixture
def captured_log() -> Iterator[CapturedLog]:
    """Every record of the test, by the handler production writes with PORTAL_LOG_FORMAT=json."""
    log = CapturedLog()
    root = logging.getLogger()
    portal_logger = logging.getLogger("portal")
    previous = portal_logger.level
    portal_logger.setLevel(logging.INFO)
    root.addHandler(log.handler)
    try:
        yield log
    finally:
        root.removeHandler(log.handler)
        portal_logger.setLevel(previous)
