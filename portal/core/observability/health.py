"""What /healthz and /readyz check (the addresses are in :mod:`.views`), with reason codes.

``/healthz`` tells everyone only whether the portal answers and reaches its database (200
``{"status": "ok"}`` or 503); the details — the database's dialect and schema, the version
— only the operator's networks (``PORTAL_METRICS_ALLOWED``) see. ``/readyz`` also checks
that the document store takes a small object and lets it be deleted, and the checks the
features register with :func:`check` (the outbox: that mail is moving). A failing check
answers 503 with its reason code, e.g. ``{"status": "unavailable", "reasons": ["storage"]}``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from typing import Any

import sqlalchemy as sa
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app

from portal.core.observability.allowed import operator_address
from portal.core.storage import get_storage
from portal.extensions import db

log = logging.getLogger(__name__)

# Readiness checks of the features: each returns True when its part is ready.
_checks: dict[str, Callable[[], bool]] = {}


def check(reason: str, ready: Callable[[], bool]) -> None:
    """Have ``/readyz`` fail with ``reason`` whenever ``ready()`` is False (or raises)."""
    _checks[reason] = ready


def portal_version() -> str:
    try:
        return version("silta-portal")
    except PackageNotFoundError:
        return "unknown"


def _migration_heads() -> set[str]:
    config = Config()
    config.set_main_option("script_location", current_app.extensions["migrate"].directory)
    return set(ScriptDirectory.from_config(config).get_heads())


def database_state() -> dict[str, Any] | None:
    """The database's state, or None when it cannot be reached.

    The schema's revision is compared only for the operator: reading the revisions costs
    more than the load balancer's frequent question needs.
    """
    try:
        with db.engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
            if not operator_address():
                return {"reachable": True}
            current = set(MigrationContext.configure(connection).get_current_heads())
    except sa.exc.SQLAlchemyError:
        log.exception("Health check could not reach the database")
        return None
    return {
        "reachable": True,
        "dialect": db.engine.dialect.name,
        "schema": "current" if current == _migration_heads() else "outdated",
    }


# Anyone may ask /readyz: the store is probed at most this often per process and store,
# so that asking often costs no more objects written.
PROBE_SECONDS = 10.0
_probed: dict[tuple[str, ...], tuple[float, bool]] = {}


def _probe_storage() -> bool:
    """Write a small object to the document store and delete it again."""
    try:
        storage = get_storage()
        key = storage.write([b"silta readiness probe"])
        storage.delete(key)
    except Exception:  # any backend's failure (disk full, bucket gone, no credentials)
        log.exception("Readiness check could not write to the document store")
        return False
    return True


def _storage_writable() -> bool:
    config = current_app.config
    store = (str(config.get("STORAGE_URL") or ""), str(config["STORAGE_DIR"]))
    now = time.monotonic()
    last = _probed.get(store)
    if last is not None and now - last[0] < PROBE_SECONDS:
        return last[1]
    writable = _probe_storage()
    _probed[store] = (now, writable)
    return writable


def forget_probes() -> None:
    """Probe the store again on the next check (for tests that change it)."""
    _probed.clear()


def failing() -> list[str]:
    """The reason codes of the checks that fail now, the document store first."""
    reasons = [] if _storage_writable() else ["storage"]
    for reason, ready in _checks.items():
        try:
            ok = ready()
        except Exception:  # a check that cannot tell is a check that fails
            log.exception("Readiness check %s failed", reason)
            db.session.rollback()
            ok = False
        if not ok:
            reasons.append(reason)
    return reasons
