"""The application's log: one line a request and one a record, in JSON or in plain text.

Every record carries the request id (empty outside a request, e.g. in the outbox worker).
The request line names the endpoint (e.g. ``placements.detail``), never the path or the
query string: those carry tokens (reset, invitation and feed links) and searches for young
people's names (``q=``). It holds the user's number, never the e-mail address, and not the
client's address either: the proxy's access log and the audit rows keep that, for the
period they are kept, and the application log need not copy it to the log platform.
"""

from __future__ import annotations

import logging
import re
import sys
import time
from typing import IO, Any

from flask import Flask, Response, g, request
from flask.logging import default_handler
from pythonjsonlogger.json import JsonFormatter

from portal.core.accesslog import NAME_IN_QUERY, REDACTED, TOKEN_IN_PATH, redact
from portal.core.observability.request_id import current_request_id

REQUEST_LOGGER = "portal.request"
TEXT_FORMAT = "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"
JSON_FIELDS = ["levelname", "name", "message", "request_id"]
JSON_RENAMED = {"levelname": "level", "name": "logger"}

_QUERY = re.compile(r"\?[^\s\"]*")


def _with_request_id(factory: Any) -> Any:
    def make_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record: logging.LogRecord = factory(*args, **kwargs)
        record.request_id = current_request_id()
        return record

    make_record._silta = True  # type: ignore[attr-defined]
    return make_record


def _install_record_factory() -> None:
    """Give every log record, whoever makes it, the id of the request it was made in."""
    factory = logging.getLogRecordFactory()
    if not getattr(factory, "_silta", False):
        logging.setLogRecordFactory(_with_request_id(factory))


# An e-mail address anywhere in a line (a refused recipient in an SMTP error, say).
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


def scrub(line: str) -> str:
    """The line without e-mail addresses, the tokens of links and searched names."""
    line = EMAIL.sub("[e-mail]", line)
    line = NAME_IN_QUERY.sub(lambda m: m.group("search") + REDACTED, line)
    return TOKEN_IN_PATH.sub(lambda m: (m.group("link") or m.group("feed")) + REDACTED, line)


class ScrubbingJsonFormatter(JsonFormatter):
    """JSON lines for the log platform, which keeps them long and shows them widely: a last
    net for personal data that a record's message or traceback might carry."""

    def format(self, record: logging.LogRecord) -> str:
        return scrub(super().format(record))


def make_formatter(log_format: str) -> logging.Formatter:
    if log_format == "json":
        return ScrubbingJsonFormatter(JSON_FIELDS, rename_fields=JSON_RENAMED, timestamp="time")
    # In development mail goes to this log, and its links must work: nothing is scrubbed.
    return logging.Formatter(TEXT_FORMAT)


def make_handler(log_format: str, stream: IO[str] | None = None) -> logging.Handler:
    """A handler writing the portal's log lines to ``stream`` (standard error by default)."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(make_formatter(log_format))
    handler.addFilter(DevServerFilter(log_format))
    handler._silta = True  # type: ignore[attr-defined]
    return handler


class DevServerFilter(logging.Filter):
    """The development server's own request lines quote the path and the query string.

    In JSON the portal's own request line replaces them; in text they are kept, without the
    query string and with the tokens of links redacted.
    """

    def __init__(self, log_format: str) -> None:
        super().__init__()
        self.log_format = log_format

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name != "werkzeug" or record.levelno > logging.INFO:
            return True
        if self.log_format == "json":
            return False
        if isinstance(record.args, tuple):
            record.args = tuple(
                redact(_QUERY.sub("?[redacted]", arg)) if isinstance(arg, str) else arg
                for arg in record.args
            )
        return True


def _install_handler(app: Flask) -> None:
    # Flask's own handler on the application's logger would write its records a second time.
    app.logger.removeHandler(default_handler)
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_silta", False):
            root.removeHandler(handler)
    root.addHandler(make_handler(app.config["LOG_FORMAT"]))
    if root.level > logging.INFO or root.level == logging.NOTSET:
        root.setLevel(logging.INFO)


def _log_request(response: Response) -> Response:
    started = g.get("request_started")
    duration_ms = round((time.perf_counter() - started) * 1000, 1) if started else None
    # Only a user this request already loaded: asking now would cost a query on pages that
    # need none (and fail on the health checks while the database is away).
    user = g.get("_login_user")
    user_id = user.id if user is not None and user.is_authenticated else None
    endpoint = request.endpoint or "-"
    logging.getLogger(REQUEST_LOGGER).info(
        "%s %s %s %s ms",
        request.method,
        endpoint,
        response.status_code,
        duration_ms,
        extra={
            "method": request.method,
            "endpoint": endpoint,
            "status": response.status_code,
            "duration_ms": duration_ms,
            "user_id": user_id,
        },
    )
    return response


def init_app(app: Flask) -> None:
    _install_record_factory()
    # The tests read the log through their own handlers (see tests/test_observability).
    if not app.testing:
        _install_handler(app)
    app.after_request(_log_request)
