"""Who takes part in an event and is told about it: invitable parties and people, and the
notifications of an invitation, a change, an invitation taken back and a cancellation — in
the portal, and by e-mail with the event's ``.ics`` attached (METHOD:REQUEST, or CANCEL), so
mail clients offer to add or remove it.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import current_app, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.annual_calendar import ical
from portal.annual_calendar.models import Event
from portal.auth.models import User
from portal.core import dates
from portal.core.authz import scope
from portal.core.i18n import force_locale
from portal.extensions import db
from portal.notifications import kinds
from portal.notifications.service import notify
from portal.outbox.service import Attachment
from portal.parties.models import Party
from portal.parties.service import coordinators_of

EVENT_INVITED = kinds.register(
    "calendar.invited",
    _l("%(party)s invites you to %(title)s on %(date)s."),
    date_params=("date",),
    label=_l("An invitation to an event"),
)
EVENT_CHANGED = kinds.register(
    "calendar.changed",
    _l("%(title)s on %(date)s has changed."),
    date_params=("date",),
    label=_l("A change to an event you are invited to"),
)
EVENT_CANCELLED = kinds.register(
    "calendar.cancelled",
    _l("%(title)s on %(date)s has been cancelled."),
    date_params=("date",),
    label=_l("A cancelled event"),
)

EVENT_UNINVITED = kinds.register(
    "calendar.uninvited",
    _l("%(party)s no longer invites you to %(title)s on %(date)s."),
    date_params=("date",),
    label=_l("An invitation taken back"),
)
# Both take the event out of the reader's calendar: the mail carries METHOD:CANCEL.
REMOVING_KINDS = frozenset({EVENT_CANCELLED.name, EVENT_UNINVITED.name})


def invitable_parties(actor: User) -> list[Party]:
    """Organisations that may be invited: active ones other than the organiser."""
    today = dates.today()
    stmt = (
        sa.select(Party)
        .where(sa.or_(Party.withdrawn_on.is_(None), Party.withdrawn_on > today))
        .order_by(Party.name)
    )
    return [p for p in db.session.scalars(stmt) if p.id != actor.party_id]


def invitable_people(actor: User) -> list[User]:
    """People the actor may see and invite by name: active people of active organisations."""
    today = dates.today()
    stmt = (
        sa.select(User)
        .join(Party, User.party_id == Party.id)
        .where(
            scope(User, actor),
            User.active.is_(True),
            sa.or_(Party.withdrawn_on.is_(None), Party.withdrawn_on > today),
        )
        .order_by(Party.name, User.name)
    )
    return list(db.session.scalars(stmt))


def recipients(event: Event) -> set[User]:
    """Those told about the event: persons invited by name, coordinators of invited parties."""
    people = {i.user for i in event.invitations if i.personal}
    people.update(coordinators_of(event.invited_parties))
    return {u for u in people if u.active}


def tell(people: set[User], actor: User, event: Event, kind: kinds.NotificationKind) -> None:
    """Notify everyone but the actor, in the transaction of the change."""
    others = sorted((u for u in people if u.id != actor.id), key=lambda u: u.id)
    method = "CANCEL" if kind.name in REMOVING_KINDS else "REQUEST"

    def invitation_file(user: User) -> list[Attachment]:
        # Written in the reader's language, so that the description they see is theirs.
        with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
            data = ical.invitation_calendar(event, user, method=method)
            filename = _("invitation") + ".ics"
        return [Attachment(filename, data, "text/calendar", {"method": method})]

    # Those no longer invited may no longer see the event: their link is to the calendar.
    if kind is EVENT_UNINVITED:
        link = url_for("annual_calendar.wheel_view")
    else:
        link = url_for("annual_calendar.detail", event_id=event.id)
    notify(
        others,
        kind,
        link=link,
        attachments=invitation_file,
        title=event.title,
        party=event.organiser.name,
        date=event.start_date.isoformat(),
    )
