"""The extension points by which a higher package adds to a lower one."""

from __future__ import annotations

import pytest

from portal.core.extension_points import Hook, Panels, Slot


def test_a_hook_calls_each_function_once_in_the_order_connected() -> None:
    hook: Hook[[int], int] = Hook("test.hook")
    assert hook(1) == []

    def double(n: int) -> int:
        return 2 * n

    def square(n: int) -> int:
        return n * n

    hook.connect(double)
    hook.connect(square)
    hook.connect(double)  # a second app in the same process connects again
    assert hook(3) == [6, 9]


def test_a_slot_gives_its_default_until_a_provider_is_plugged() -> None:
    slot: Slot[str] = Slot("test.slot", "default")
    assert slot() == "default"
    slot.plug("provider")
    slot.plug("provider")
    assert slot() == "provider"
    with pytest.raises(RuntimeError, match="already provided"):
        slot.plug("another")


def test_panels_are_listed_at_their_place_in_order_once() -> None:
    panels = Panels()
    assert panels.at("page.place") == []
    panels.add("page.place", "b/_late.html", order=20)
    panels.add("page.place", "a/_early.html", order=10)
    panels.add("page.place", "b/_late.html", order=20)
    panels.add("other.place", "c/_x.html")
    assert panels.at("page.place") == ["a/_early.html", "b/_late.html"]
