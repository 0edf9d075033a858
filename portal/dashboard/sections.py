"""What the front page lists, asked of each feature: the registry of dashboard sources.

The front page has three sections. Each feature contributes groups of items to them
from its own package, through its own policy scope, so that nothing the user may not see
is listed or counted:

* **Waiting for me** (:attr:`Section.WAITING`): what the user should act on — requests to
  decide, agreements to sign, disclosure requests to answer, action items due,
  invitations to answer.
* **Coming up** (:attr:`Section.COMING`): events, and periods starting and ending, until
  :attr:`Window.coming_until`.
* **New** (:attr:`Section.NEW`): what others did since :attr:`Window.since`.

A feature's items come from a module of this package named after it
(``portal/dashboard/<feature>.py``), imported in :func:`portal.dashboard.init_app`: the front
page sits above the features and reads down into their queries and policies, and no
feature imports the front page. A source is a function decorated with :func:`source`; it
takes the user and the window and returns a :class:`Group` (or None when it has nothing
for this user). ``order`` places the group within its section; the built-in ones use
10–50 in steps of 10, so that a later feature fits between them. Quota places, for
example, add "places to fill before the reply-by date" to Waiting for me::

    # portal/dashboard/quotas.py
    @source(Section.WAITING, order=60)
    def places_to_fill(user: User, window: Window) -> Group | None:
        ...  # the user's visible quotas with free places whose reply-by date is near
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from markupsafe import Markup

from portal.extensions import db

if TYPE_CHECKING:
    from portal.auth.models import User

# "Coming up" looks six weeks ahead; "Waiting for me" lists action items due within two.
COMING_DAYS = 42
DUE_DAYS = 14
# Without a "seen" mark of their own, "New" covers this many days.
NEW_DAYS = 14
# A group shows at most this many items and links to the rest.
GROUP_LIMIT = 8


class Section(enum.StrEnum):
    WAITING = "waiting"
    COMING = "coming"
    NEW = "new"


@dataclass(frozen=True)
class Window:
    """The moments the sources measure from: today, how far ahead, and since when."""

    now: datetime
    today: date
    since: datetime

    @property
    def coming_until(self) -> date:
        return self.today + timedelta(days=COMING_DAYS)

    @property
    def due_until(self) -> date:
        return self.today + timedelta(days=DUE_DAYS)


@dataclass
class Item:
    """One line: a link straight to the object, with what to know about it."""

    text: str
    url: str
    detail: str = ""
    # Shown as a date (or a time) after the text.
    when: date | datetime | None = None
    # A short word in a highlighted tag, such as "Overdue".
    flag: str = ""
    # HTML from the feature's own macro, such as a document's confidentiality mark.
    badge: Markup = field(default_factory=Markup)

    @property
    def has_time(self) -> bool:
        return isinstance(self.when, datetime)


@dataclass
class Group:
    """A heading and its items; ``total`` counts them all when only some are listed."""

    heading: str
    items: list[Item] = field(default_factory=list)
    total: int | None = None
    # Where the whole list is, when more than GROUP_LIMIT are waiting.
    more_url: str = ""

    @property
    def count(self) -> int:
        return self.total if self.total is not None else len(self.items)


Provider = Callable[["User", Window], "Group | None"]


@dataclass(frozen=True)
class Source:
    section: Section
    order: int
    provider: Provider

    @property
    def name(self) -> str:
        return f"{self.provider.__module__}.{self.provider.__qualname__}"


_sources: dict[str, Source] = {}


def source(section: Section, *, order: int) -> Callable[[Provider], Provider]:
    """Register a function that gives the user's group of items for ``section``."""

    def register(provider: Provider) -> Provider:
        entry = Source(section, order, provider)
        _sources[entry.name] = entry
        return provider

    return register


def sources(section: Section) -> list[Source]:
    return sorted(
        (s for s in _sources.values() if s.section == section), key=lambda s: (s.order, s.name)
    )


def groups(section: Section, user: User, window: Window) -> list[Group]:
    """The non-empty groups of one section for the user, in their order."""
    found = []
    for entry in sources(section):
        group = entry.provider(user, window)
        if group is not None and group.items:
            found.append(group)
    return found


def first_rows(
    stmt: sa.Select[Any], limit: int = GROUP_LIMIT, counting: Any = None
) -> tuple[list[Any], int]:
    """The first ``limit`` rows of ``stmt`` and how many items they make in all: one per row,
    or what ``counting`` (an aggregate, such as a sum of moments per row) adds up.

    One statement: the count is a window over the whole result, taken before the LIMIT, so
    the database sends only the rows listed, however many are waiting.
    """
    total_column = (counting if counting is not None else sa.func.count()).over()
    rows = list(db.session.execute(stmt.add_columns(total_column).limit(limit)))
    total = rows[0][-1] if rows else 0
    return rows, total


def limited(heading: str, items: list[Item], more_url: str = "", total: int | None = None) -> Group:
    """A group of at most GROUP_LIMIT items, counting (``total``, if more were found than
    are given) and linking to the rest."""
    total = max(total or 0, len(items))
    if total <= GROUP_LIMIT:
        return Group(heading, items)
    return Group(heading, items[:GROUP_LIMIT], total=total, more_url=more_url)
