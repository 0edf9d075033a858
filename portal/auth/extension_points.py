"""Where a package above auth changes how people sign in (see portal.core.extension_points).

* :data:`sign_in_elsewhere`: where a person signs in instead of with a password, e.g. their
  organisation's identity provider, and whether a password is still allowed beside it.
  :mod:`portal.identity` plugs in.
* :data:`password_refusal`: why a correct password does not let this person in (their
  party signs in only through its provider), or None.
* :data:`sign_out_elsewhere`: on signing out, before the session is cleared, where the
  person's session at their provider ends, or None.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from flask_babel import LazyString

from portal.core.extension_points import Slot

if TYPE_CHECKING:
    from portal.auth.models import User


@dataclass(frozen=True)
class SignInElsewhere:
    url: str
    # False: the person is sent there at once, and a password is refused.
    password_allowed: bool


def _nowhere(email: str, next_url: str | None) -> SignInElsewhere | None:
    return None


def _no_refusal(user: User) -> LazyString | None:
    return None


def _no_end_session() -> str | None:
    return None


sign_in_elsewhere: Slot[Callable[[str, str | None], SignInElsewhere | None]] = Slot(
    "auth.sign_in_elsewhere", _nowhere
)
password_refusal: Slot[Callable[[User], LazyString | None]] = Slot(
    "auth.password_refusal", _no_refusal
)
sign_out_elsewhere: Slot[Callable[[], str | None]] = Slot(
    "auth.sign_out_elsewhere", _no_end_session
)
