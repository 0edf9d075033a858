"""Two-step verification in the demo: Timo, a coordinator, signs in with an authenticator app.

His key is fixed and printed beside the demo accounts, so that a newcomer can add it to an
app and see the second step; the requirement itself is off in development.
"""

from __future__ import annotations

from portal.auth.second_step import service
from portal.demo import DemoContext

# Base32, as authenticator apps take it; a demo account's, never a real one.
DEMO_TOTP_KEY = "SILTADEMOSILTADEMOSILTADEMOSILTA"
DEMO_TOTP_USER = "timo.saarinen@kouvola.example"


def load(context: DemoContext) -> None:
    service.set_confirmed_totp(context.user(DEMO_TOTP_USER), DEMO_TOTP_KEY)
