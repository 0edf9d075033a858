"""One writer at a time per quota, with the database's own lock.

The check "at no instant over N" reads every place of the quota and then adds one; two
requests doing that at the same moment must not both see the last place free. So the
check and the change run in one transaction that holds the database's lock first:

* PostgreSQL: ``SELECT … FROM quota WHERE id = … FOR UPDATE``. A second writer waits
  there until the first commits, and then reads the places the first one added.
* SQLite has no row locks: the transaction begins with ``BEGIN IMMEDIATE``, which takes
  the database's write lock before anything is read (the engine hook in
  ``portal.core.database`` emits it for a connection marked before it begins). A second
  writer waits for the lock (``busy_timeout``) and then begins with a fresh view.

On SQLite the request's read-only transaction (the user was loaded in it) is ended first,
so that the new one can begin immediate; a service calls :func:`lock_quota` before it
changes anything.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value

from portal.core import database
from portal.core.errors import DomainError
from portal.extensions import db
from portal.quotas.models import Quota, QuotaAllocation


def is_sqlite() -> bool:
    return db.session.get_bind().dialect.name == "sqlite"


def begin_immediate() -> None:
    """End the session's read-only transaction and begin one that holds SQLite's write lock."""
    database.begin_immediate(db.session)


class Busy(DomainError):
    def __init__(self) -> None:
        super().__init__(
            _l(
                "Someone else was changing the places of this quota at the same moment. "
                "Nothing was changed: try again."
            )
        )


def _is_lock_conflict(error: sa.exc.DBAPIError) -> bool:
    sqlite_code = getattr(error.orig, "sqlite_errorcode", None)
    if sqlite_code is not None:
        return sqlite_code & 0xFF in (5, 6)  # SQLITE_BUSY (incl. BUSY_SNAPSHOT), SQLITE_LOCKED
    # PostgreSQL: serialization failure, deadlock, lock not available.
    return getattr(error.orig, "sqlstate", None) in ("40001", "40P01", "55P03")


def lock_quota(quota_id: int, *, fresh_transaction: bool = True) -> Quota:
    """Take the quota's lock, then read the quota and its places afresh.

    ``fresh_transaction=False`` is for a transaction that has already written (a placement's
    step): on SQLite it already holds the write lock, and ending it would lose its work.
    A lock that cannot be had in time (``busy_timeout``, a deadlock) is a clear refusal.
    """
    try:
        return _lock(quota_id, fresh_transaction)
    except sa.exc.OperationalError as error:
        if _is_lock_conflict(error):
            raise Busy() from error
        raise


def _lock(quota_id: int, fresh_transaction: bool) -> Quota:
    if is_sqlite():
        if fresh_transaction:
            begin_immediate()
        quota = db.session.get(Quota, quota_id, populate_existing=True)
    else:
        quota = db.session.scalars(
            sa.select(Quota)
            .where(Quota.id == quota_id)
            .with_for_update(of=Quota)
            .execution_options(populate_existing=True)
        ).first()
    if quota is None:
        raise LookupError(f"quota {quota_id} is gone")
    # The places and their placements as they are now, after the lock, not as an earlier
    # read in this transaction left them in the session.
    allocations = db.session.scalars(
        sa.select(QuotaAllocation)
        .where(QuotaAllocation.quota_id == quota.id)
        .order_by(QuotaAllocation.start_on, QuotaAllocation.id)
        .options(selectinload(QuotaAllocation.placement))
        .execution_options(populate_existing=True)
    ).all()
    set_committed_value(quota, "allocations", list(allocations))
    return quota
