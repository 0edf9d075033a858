"""The words the interface uses for the kinds of parties and units."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.parties.models import PartyKind, UnitKind

PARTY_KIND_LABELS = {
    PartyKind.WORKSHOP: _l("Workshop"),
    PartyKind.EDUCATION_PROVIDER: _l("Education provider"),
    PartyKind.SOCIAL_SERVICES: _l("Social and health services"),
    PartyKind.SUPPORTING: _l("Supporting organisation (not a party)"),
}

UNIT_KIND_LABELS = {
    UnitKind.FIELD: _l("Field"),
    UnitKind.SITE: _l("Site"),
}
