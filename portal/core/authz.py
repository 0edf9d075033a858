"""Authorisation in one place: which objects a user may see, and what they may do to them.

Every model that users reach by id has a :class:`Policy` registered here:

* ``scope(user)`` is a SQL condition selecting the rows the user may see. Views fetch
  objects only through it (:func:`get_or_404`, :func:`visible`), so what a user may not
  see is a 404 and never appears in a list or a count.
* ``permits(user, action, obj)`` decides an action on an object the user can already see.

Templates call ``can(action, obj)`` to show only the buttons that would work.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import wraps
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

import sqlalchemy as sa
from flask import abort
from flask_login import current_user
from sqlalchemy.sql.elements import ColumnElement

from portal.extensions import db

if TYPE_CHECKING:
    from portal.auth.models import User

T = TypeVar("T")
V = TypeVar("V")
F = TypeVar("F", bound=Callable[..., Any])

# Actions shared by several features; a feature may add its own words.
VIEW = "view"
EDIT = "edit"
MANAGE = "manage"


class Policy(Generic[T]):
    """Who sees and does what to one model; subclass, set ``model``, register with @policy."""

    model: ClassVar[type[Any]]

    def scope(self, user: User) -> ColumnElement[bool]:
        """Rows of ``model`` that the user may see. Nothing, unless a feature says otherwise."""
        return sa.false()

    def permits(self, user: User, action: str, obj: T) -> bool:
        """May the user do ``action`` to ``obj``, which they can already see?"""
        return False


_policies: dict[type[Any], Policy[Any]] = {}


def policy(cls: type[Policy[T]]) -> type[Policy[T]]:
    """Register a policy class for its model."""
    _policies[cls.model] = cls()
    return cls


def policy_for(model: type[T]) -> Policy[T]:
    for klass in model.__mro__:
        if klass in _policies:
            return _policies[klass]
    raise LookupError(f"no authorisation policy for {model.__name__}")


def _user(user: User | None) -> Any:
    return current_user if user is None else user


def scope(model: type[T], user: User | None = None) -> ColumnElement[bool]:
    """The SQL condition for the rows of ``model`` that the user may see."""
    user = _user(user)
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return sa.false()
    return policy_for(model).scope(user)


def visible(model: type[T], user: User | None = None) -> sa.Select[Any]:
    """``SELECT model`` limited to what the user may see; add filters and ordering to it."""
    return sa.select(model).where(scope(model, user))


def get_or_404(
    model: type[T], ident: Any, user: User | None = None, *, options: Sequence[Any] = ()
) -> T:
    """Fetch one object by primary key through the user's scope, or answer 404."""
    pk = sa.inspect(model).primary_key[0]
    stmt = visible(model, user).where(pk == ident)
    if options:
        stmt = stmt.options(*options)
    obj: T | None = db.session.scalars(stmt).first()
    if obj is None:
        abort(404)
    return obj


def get_along_or_404(
    model: type[T],
    ident: Any,
    along: sa.ColumnElement[V],
    user: User | None = None,
    *,
    options: Sequence[Any] = (),
) -> tuple[T, V]:
    """Like :func:`get_or_404`, with one more value asked in the same statement (a scalar
    subquery): a busy page saves a statement this way, e.g. the menu's unread count."""
    pk = sa.inspect(model).primary_key[0]
    stmt = visible(model, user).where(pk == ident).add_columns(along)
    if options:
        stmt = stmt.options(*options)
    row = db.session.execute(stmt).first()
    if row is None:
        abort(404)
    return row[0], row[1]


def can(action: str, obj: Any, user: User | None = None) -> bool:
    """May the user do ``action`` to ``obj`` (an object fetched through its scope)?"""
    user = _user(user)
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return False
    return policy_for(type(obj)).permits(user, action, obj)


def authorize(action: str, obj: Any, user: User | None = None) -> None:
    """Refuse with 403 an action the user may not take on an object they can see."""
    if not can(action, obj, user):
        abort(403)


def public(view: F) -> F:
    """Mark a view as reachable without signing in; every other view requires it."""
    view.is_public = True  # type: ignore[attr-defined]
    return view


def admin_required(view: F) -> F:
    """Let only portal administrators through."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not getattr(current_user, "is_admin", False):
            abort(403)
        return view(*args, **kwargs)

    return wrapper  # type: ignore[return-value]
