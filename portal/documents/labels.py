"""The words the interface uses for the marks, disclosure decisions and logged accesses."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.documents.models import AccessAction, Classification, DisclosureStatus

CLASSIFICATION_LABELS = {
    Classification.PUBLIC: _l("Public"),
    Classification.INTERNAL: _l("Internal"),
    Classification.CONFIDENTIAL: _l("Confidential"),
    Classification.SECRET: _l("Secret by law"),
}

CLASSIFICATION_HINTS = {
    Classification.PUBLIC: _l("Everyone signed in to the portal."),
    Classification.INTERNAL: _l("The people of every party; not supporting organisations."),
    Classification.CONFIDENTIAL: _l(
        "Marked confidential under the agreement: only your party and the recipients you name. "
        "They may use it only for the collaboration and disclose it only with your written "
        "permission."
    ),
    Classification.SECRET: _l(
        "Secret under the Act on the Openness of Government Activities (621/1999): only your "
        "party and the recipients you name. Give the legal basis."
    ),
}

DISCLOSURE_LABELS = {
    DisclosureStatus.PENDING: _l("Awaiting decision"),
    DisclosureStatus.GRANTED: _l("Permission granted"),
    DisclosureStatus.REFUSED: _l("Permission refused"),
}

ACTION_LABELS = {
    AccessAction.VIEW: _l("Viewed"),
    AccessAction.DOWNLOAD: _l("Downloaded"),
}
