"""Gunicorn's access log without the secrets that travel in URL paths.

Password-reset and invitation links and the calendar feed carry their token in the path,
which access logs keep for months and copy to log services. Serve with::

    gunicorn --logger-class portal.core.accesslog.RedactingLogger --access-logfile - …

and every string of the log line (the request line, the path, the Referer of a page opened
from such a link) has the token replaced by ``[redacted]``, as is the name searched for in a
young person's data request.
"""

from __future__ import annotations

import re
from typing import Any

from gunicorn.glogging import Logger

# The paths that carry a token: /auth/password/reset/<token>, /auth/invitation/<token> and
# /calendar/feed/<token>.ics, wherever they appear (also inside a full URL).
TOKEN_IN_PATH = re.compile(
    r"(?P<link>/auth/password/reset/|/auth/invitation/)(?!\[redacted\])[^/?#\s\"]+"
    r"|(?P<feed>/calendar/feed/)(?!\[redacted\])[^/?#\s\"]+(?=\.ics)"
)
REDACTED = "[redacted]"
# A young person's data request searches by name (portal.subject_access): the term in its
# query string is a name, which a log must not keep.
NAME_IN_QUERY = re.compile(
    r"(?P<search>/subject-access/\?(?:[^#\s\"]*&)?q=)(?!\[redacted\])[^&#\s\"]*"
)


# Line breaks and other control characters, which a decoded path (%0A) may carry into a log
# line to forge the next one.
CONTROL_CHARACTER = re.compile(r"[\x00-\x1f\x7f]")


def redact(text: str) -> str:
    """The text with the token of every link that carries one replaced, and its control
    characters written as escapes, fit for one line of a log."""
    text = CONTROL_CHARACTER.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    text = NAME_IN_QUERY.sub(lambda m: m.group("search") + REDACTED, text)
    return TOKEN_IN_PATH.sub(lambda m: (m.group("link") or m.group("feed")) + REDACTED, text)


class RedactingLogger(Logger):
    """Gunicorn's logger whose access-log atoms carry no token."""

    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        atoms: dict[str, Any] = super().atoms(resp, req, environ, request_time)
        return {
            name: redact(value) if isinstance(value, str) else value
            for name, value in atoms.items()
        }
