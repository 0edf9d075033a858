"""What people see of a message's status and purpose on the administrator's outbox page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask_babel import lazy_gettext as _l

from portal.outbox.models import OutboxStatus

# What people see of a message's purpose. The outbox knows none of its senders: each adds
# the labels of its purposes here (as auth does), or names a family of purposes that grows
# at run time with :func:`name_purposes` (as notifications does for its kinds).
PURPOSE_LABELS: dict[str, Any] = {}
_purpose_namers: list[Callable[[str], str | None]] = []
STATUS_LABELS = {
    OutboxStatus.QUEUED: _l("Queued"),
    OutboxStatus.SENT: _l("Sent"),
    OutboxStatus.FAILED: _l("Failed"),
}


def name_purposes(namer: Callable[[str], str | None]) -> None:
    """Have ``namer`` give the label of the purposes it knows (None for the others)."""
    if namer not in _purpose_namers:
        _purpose_namers.append(namer)


def purpose_label(purpose: str) -> str:
    if purpose in PURPOSE_LABELS:
        return str(PURPOSE_LABELS[purpose])
    for namer in _purpose_namers:
        label = namer(purpose)
        if label is not None:
            return label
    return purpose


def status_label(status: OutboxStatus) -> str:
    return str(STATUS_LABELS[status])
