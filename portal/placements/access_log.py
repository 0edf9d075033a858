"""Who looked: every opening of a view that shows the young person's full name is logged.

The parties are the controllers of the young person's data and must be able to show who
read it. A view that shows the name calls :func:`log_view` once its page is written (the
commit expires every loaded row, and a page written after it would read them again). Views
that show only the reference and initials write nothing. Features above placements (daily
records) call the same function for any view of theirs that shows the name.

Each placement's entries are a hash chain (:mod:`portal.core.part_chain`) that ``flask
audit verify`` walks; the portal has no way to change them. The pages read the chain's head
with the placement (:func:`load_head`), so that logging adds one INSERT to them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import undefer

from portal.auth.models import User
from portal.core.lifecycle import changes
from portal.core.part_chain import head_of, link
from portal.extensions import db

# The views' codes, for the views that log them: access_log.PAGE.
from portal.placements.access_models import AGREEMENT as AGREEMENT
from portal.placements.access_models import EDIT as EDIT
from portal.placements.access_models import PAGE as PAGE
from portal.placements.access_models import PlacementAccess
from portal.placements.models import Placement
from portal.placements.policy import knows_identity


def load_head() -> tuple[Any, ...]:
    """Options for loading a placement whose page logs its view: the head of its log comes
    along (made when asked: the mappers are configured once every model is imported)."""
    return (undefer(Placement.access_head_seq), undefer(Placement.access_head_hash))


def shows_name(user: User, placement: Placement) -> bool:
    """Does a page of the placement show this user the young person's full name?"""
    return bool(placement.full_name) and knows_identity(user, placement)


def _loaded_head(placement: Placement) -> tuple[int, str] | None:
    state = sa.inspect(placement)
    if {"access_head_seq", "access_head_hash"} & state.unloaded:
        return None
    seq, digest = placement.access_head_seq, placement.access_head_hash
    return (int(seq), str(digest)) if seq is not None else (0, "")


def record_view(
    user_id: int,
    party_id: int | None,
    placement_id: int,
    view: str,
    head: tuple[int, str] | None = None,
) -> PlacementAccess:
    """Add the entry to the session as the next of the placement's chain after ``head`` (read
    now when not given)."""
    entry = PlacementAccess(
        placement_id=placement_id, user_id=user_id, party_id=party_id, view=view
    )
    session = db.session()
    link(session, entry, head or head_of(session, PlacementAccess, placement_id))
    session.add(entry)
    # Written now, so that the next entry of the transaction reads it as the head.
    session.flush()
    return entry


@contextmanager
def _keeping_the_account(user: User) -> Iterator[None]:
    # The commit expires every row as usual, but for the signed-in account: nothing here
    # changed it, and what runs after the view (the language cookie) would read it again.
    session = db.session()
    # current_user is a proxy; the session holds the account itself.
    account = getattr(user, "_get_current_object", lambda: user)()
    expire = session.expire_on_commit
    session.expire_on_commit = False
    try:
        yield
    finally:
        session.expire_on_commit = expire
        for obj in list(session.identity_map.values()):
            if obj is not account:
                session.expire(obj)


def log_view(user: User, placement: Placement, view: str, *, shown: bool | None = None) -> None:
    """Log, in a transaction of its own, that ``user`` opened ``view`` of the placement, if it
    showed the full name.

    ``shown``: whether the view showed it, when the view knows better than :func:`shows_name`
    (a form filled with the name shows it to whoever may edit it).
    """
    if not (shows_name(user, placement) if shown is None else shown):
        return
    # Read before the transaction begins: on SQLite beginning it ends the one that read them.
    who = (user.id, user.party_id, placement.id)
    head = _loaded_head(placement)
    with _keeping_the_account(user):
        try:
            with changes():
                record_view(*who, view, head)
        except sa.exc.IntegrityError:
            # Someone else's view took the same place in the chain: continue from theirs.
            with changes():
                record_view(*who, view)
