"""The people the tests meet, as the ``people`` fixture gives them (see ``tests/conftest.py``).

Two founding parties work together: Parik-säätiö, a youth workshop, and Ammattiopisto Luovi,
an education provider. Kymsote (social services) is a party too, but of no placement;
Työpajayhdistys is a supporting organisation, not a party; Kotkan paja is another workshop
whose coordinator, the outsider, sees nothing of Parik's and Luovi's.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from portal.auth.models import User
from portal.parties.models import Party


@dataclass(frozen=True)
class People:
    workshop: Party  # Parik-säätiö
    provider: Party  # Ammattiopisto Luovi
    social: Party  # Kymsote
    supporting: Party  # Työpajayhdistys: not a party
    other_workshop: Party  # Kotkan paja
    workshop_coordinator: User  # Maria Virtanen
    workshop_staff: User  # Sanna Nieminen
    provider_coordinator: User  # Päivi Korhonen
    provider_staff: User  # Mikko Laine
    social_coordinator: User  # Leena Heikkinen
    supporting_coordinator: User  # Anna Mäkelä
    outsider: User  # Olli Ulkona, Kotkan paja's coordinator
    admin: User  # Aino Ylläpitäjä: of no party

    def items(self) -> list[tuple[str, User]]:
        """Every person by the name of their fixture, as a dict of people would give them."""
        return [(f.name, p) for f in fields(self) if isinstance(p := getattr(self, f.name), User)]

    def __getitem__(self, name: str) -> User:
        """A person by the name of their fixture, for tests parametrised over people."""
        person = getattr(self, name)
        assert isinstance(person, User), name
        return person
