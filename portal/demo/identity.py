"""Organisation sign-in, prepared but not in use: Kouvola's Entra ID is entered for the
administrator to see, switched off, so every demo account still signs in with its password."""

from __future__ import annotations

from portal.demo import Cast, DemoContext
from portal.extensions import db
from portal.identity.models import IdentityProvider


def load(context: DemoContext) -> None:
    cast = Cast.of(context)
    db.session.add(
        IdentityProvider(
            party=cast.kouvola,
            # An example tenant: the operator enters the city's own when it goes into use.
            issuer="https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0",
            client_id="11111111-2222-3333-4444-555555555555",
            domains="kouvola.example",
            password_allowed=True,
            mfa_required=True,
            enabled=False,
        )
    )
