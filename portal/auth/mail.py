"""The mail that accounts send: reset links, invitations and notices of changes, queued in
the outbox in the reader's language.

The outbox sends it: the request does not wait for the mail server, so an unknown address is
answered as fast as a known one. Links in it are at the public address, never at the
request's Host (:func:`portal.core.urls.public_url`).
"""

from __future__ import annotations

from flask import current_app, render_template
from flask_babel import lazy_gettext as _l

from portal.auth.models import User
from portal.core.i18n import force_locale
from portal.outbox import labels as outbox_labels
from portal.outbox import service as outbox

RESET_LINK = "auth.password_reset"
INVITATION = "auth.invitation"
ACCOUNT_CHANGE = "auth.account_change"
PARTY_ACCOUNT_CHANGE = "auth.party_account_change"

outbox_labels.PURPOSE_LABELS.update(
    {
        RESET_LINK: _l("Password reset link"),
        INVITATION: _l("Invitation"),
        ACCOUNT_CHANGE: _l("Notice of a change to one's account"),
        PARTY_ACCOUNT_CHANGE: _l("Notice of a change to a party's accounts"),
    }
)


def send(
    reader: User,
    address: str,
    purpose: str,
    template: str,
    *,
    folder: str = "auth/email",
    **context: object,
) -> None:
    """Queue a mail to an address in the reader's language; subject and body from
    ``<folder>/<template>_subject.txt`` and ``_body.txt``."""
    with force_locale(reader.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        subject = render_template(f"{folder}/{template}_subject.txt", user=reader, **context)
        body = render_template(f"{folder}/{template}_body.txt", user=reader, **context)
    outbox.queue(address, subject.strip(), body, purpose=purpose, user=reader)
