"""The privacy notice's editable parts and the parties it names as controllers."""

from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from portal.core import audit
from portal.core.i18n import force_locale
from portal.extensions import db
from portal.parties.models import Party
from portal.privacy.models import NoticePart, NoticeText

if TYPE_CHECKING:
    from portal.auth.models import User

audit.name_events(
    {"privacy_notice.save": _l("Privacy notice changed")},
    details={"language": _l("Language")},
)

# What the notice says until the administrator writes the part in that language.
DEFAULTS: dict[NoticePart, LazyString] = {
    NoticePart.INTRODUCTION: _l(
        "Silta is the collaboration portal of the parties of the collaboration guidelines. "
        "Each party is a controller of the personal data it records in the portal; the two "
        "parties of a placement use its data together for the purposes below."
    ),
    NoticePart.RETENTION: _l(
        "How long the data are kept after a placement ends has not been written here yet. "
        "Ask the data protection contact of the party concerned."
    ),
    NoticePart.REQUESTS: _l(
        "Send your request to the data protection contact of the party whose placement it is. "
        "The party answers within a month."
    ),
}
MAX_LENGTH = 8000


def stored_texts(language: str) -> dict[NoticePart, str]:
    """What the administrator has written in the language; empty parts use the default."""
    rows = db.session.scalars(sa.select(NoticeText).where(NoticeText.language == language))
    return {text.part: text.body for text in rows}


def texts(language: str) -> dict[NoticePart, str]:
    """Each part as the administrator wrote it in the language, or the default text."""
    stored = stored_texts(language)
    with force_locale(language):
        return {part: stored.get(part) or str(DEFAULTS[part]) for part in NoticePart}


def save(actor: User, language: str, bodies: dict[NoticePart, str]) -> None:
    existing = {
        text.part: text
        for text in db.session.scalars(sa.select(NoticeText).where(NoticeText.language == language))
    }
    for part in NoticePart:
        text = existing.get(part)
        if text is None:
            text = NoticeText(part=part, language=language)
            db.session.add(text)
        text.body = bodies.get(part, "")
        text.updated_by_id = actor.id
    db.session.flush()
    audit.record("privacy_notice.save", actor=actor, language=language)


def controllers() -> list[Party]:
    """The parties of the agreement that have not withdrawn, by name."""
    parties = db.session.scalars(sa.select(Party).order_by(Party.name))
    return [party for party in parties if party.is_party and party.is_active]
