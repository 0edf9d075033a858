"""Extension points: where a higher package adds to a lower one's page, form or rule.

The packages stand on each other in one direction (see the README's "Layers"): a feature
never imports the link packages, the front page or the reports above it. Where one of those
must add to the feature — a panel on its page, fields on its form, a step after its change —
the feature declares an extension point in its own package, calls it, and works without
it; the higher package plugs in from its ``init_app()``.

* :class:`Hook`: any number of functions, each called in turn; what they return is listed.
  For "tell whoever cares": a party withdrew, an event's minutes were recorded.
* :class:`Slot`: one provider of something the feature asks for, with a default that does
  without. For "fill in this part of my form": the workshop's units on a placement request.

Both are module-level objects of the lower package; plugging in again (a second app in the
same process, as in the tests) changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")


class Hook(Generic[P, R]):
    """Functions that higher packages connect, called in the order they were connected."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._receivers: list[Callable[P, R]] = []

    def connect(self, receiver: Callable[P, R]) -> Callable[P, R]:
        """Have ``receiver`` called each time (once, however often connected)."""
        if receiver not in self._receivers:
            self._receivers.append(receiver)
        return receiver

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> list[R]:
        return [receiver(*args, **kwargs) for receiver in self._receivers]

    def __repr__(self) -> str:
        return f"<Hook {self.name}: {len(self._receivers)} connected>"


class Slot(Generic[T]):
    """One provider that a higher package plugs in; until then, the lower one's default."""

    def __init__(self, name: str, default: T) -> None:
        self.name = name
        self._default = default
        self._provider: T | None = None

    def plug(self, provider: T) -> T:
        if self._provider is not None and self._provider is not provider:
            raise RuntimeError(f"{self.name} is already provided by {self._provider!r}")
        self._provider = provider
        return provider

    def __call__(self) -> T:
        return self._provider if self._provider is not None else self._default

    def __repr__(self) -> str:
        return f"<Slot {self.name}: {self()!r}>"


class Panels:
    """Template fragments that higher packages show at named places of a lower one's pages.

    The lower page writes, where the fragments go::

        {% for panel in panels("placements.detail.documents") %}{% include panel %}{% endfor %}

    and a higher package adds its fragment in its ``init_app()``, which sees the page's
    context (``placement`` here)::

        panels.add("placements.detail.documents", "document_links/_placement.html")

    With nothing added the place stays empty, so a page never names a package above it.
    """

    def __init__(self) -> None:
        self._places: dict[str, list[tuple[int, str]]] = {}

    def add(self, place: str, template: str, *, order: int = 50) -> None:
        entries = self._places.setdefault(place, [])
        if all(name != template for _order, name in entries):
            entries.append((order, template))
            entries.sort()

    def at(self, place: str) -> list[str]:
        """The templates added at ``place``, in their order."""
        return [template for _order, template in self._places.get(place, [])]


panels = Panels()
