"""The main menu. Each feature adds its own entry when its blueprint is registered."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import request
from flask_babel import LazyString


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    label: LazyString
    order: int
    # Who sees the entry; everybody signed in unless told otherwise.
    visible: Callable[[Any], bool] = lambda user: True
    # Endpoints under this prefix mark the entry as the current page.
    section: str = ""

    def is_current(self) -> bool:
        endpoint = request.endpoint or ""
        if endpoint == self.endpoint:
            return True
        # A page with an entry of its own inside another's section marks only its own entry.
        if any(item.endpoint == endpoint for item in _items):
            return False
        return bool(self.section and endpoint.startswith(self.section))


_items: list[NavItem] = []


def add(item: NavItem) -> None:
    if all(existing.endpoint != item.endpoint for existing in _items):
        _items.append(item)
        _items.sort(key=lambda i: i.order)


def items_for(user: Any) -> list[NavItem]:
    if not getattr(user, "is_authenticated", False):
        return []
    return [item for item in _items if item.visible(user)]
